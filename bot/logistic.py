"""Multinomial logistic regression in plain Python, for small sparse problems.

A workspace's model (bot/teamkb.py) has a few hundred columns and about two thousand rows with
a handful of non-zeros each. scikit-learn would bring SciPy and NumPy (~270 MB), which the lean
install and the Docker runtime image leave out; at this size L-BFGS in plain Python converges in
a few tens of milliseconds (bench/teamkb_bench.py).

Class 0 is the reference class (its logit is 0); classes 1..K-1 each get a weight per column and
an intercept, so a binary problem is the usual logistic regression. Minimised: the weighted mean
of -log p(label | row) plus ||W||² / (2 C Σweights), the intercepts unpenalised — the objective
scikit-learn's LogisticRegression minimises for two classes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Row = Sequence[tuple[int, float]]

# L-BFGS: history kept, and when to stop (largest gradient component, as scikit-learn's lbfgs).
_HISTORY = 10
_GRADIENT_TOLERANCE = 1e-4
_MAX_ITERATIONS = 300


@dataclass(frozen=True)
class Fitted:
    # weights[j * (K - 1) + k - 1]: column j's weight for class k (k >= 1).
    weights: list[float]
    intercepts: list[float]
    iterations: int


def fit(
    rows: Sequence[Row],
    labels: Sequence[int],
    sample_weights: Sequence[float],
    *,
    columns: int,
    classes: int,
    c: float,
) -> Fitted:
    """Weights for classes 1..classes-1 against class 0; `labels` are 0..classes-1."""
    if classes < 2:
        raise ValueError("at least two classes")
    # Identical rows of the same class are one row with their weights summed: most contrast rows
    # share nothing with the team's columns and differ only in their label.
    merged: dict[tuple[tuple[tuple[int, float], ...], int], float] = {}
    for row, label, weight in zip(rows, labels, sample_weights, strict=True):
        key = (tuple(row), label)
        merged[key] = merged.get(key, 0.0) + weight
    total = sum(merged.values())
    data = [(row, label, weight / total) for (row, label), weight in merged.items()]
    others = classes - 1
    size = columns * others
    penalty = 1.0 / (c * total)

    def objective(theta: list[float]) -> tuple[float, list[float]]:
        intercepts = theta[size:]
        gradient = [0.0] * (size + others)
        loss = 0.0
        for row, label, weight in data:
            logits = list(intercepts)
            for j, value in row:
                base = j * others
                for k in range(others):
                    logits[k] += value * theta[base + k]
            top = max(0.0, *logits)
            exps = [math.exp(logit - top) for logit in logits]
            norm = math.exp(-top) + sum(exps)
            chosen = logits[label - 1] if label else 0.0
            loss -= weight * (chosen - top - math.log(norm))
            residual = [weight * e / norm for e in exps]
            if label:
                residual[label - 1] -= weight
            for k in range(others):
                gradient[size + k] += residual[k]
            for j, value in row:
                base = j * others
                for k in range(others):
                    gradient[base + k] += value * residual[k]
        for i in range(size):
            w = theta[i]
            loss += 0.5 * penalty * w * w
            gradient[i] += penalty * w
        return loss, gradient

    theta, iterations = _lbfgs(objective, [0.0] * (size + others))
    return Fitted(weights=theta[:size], intercepts=theta[size:], iterations=iterations)


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return math.fsum(x * y for x, y in zip(a, b, strict=True))


def _lbfgs(
    objective: Callable[[list[float]], tuple[float, list[float]]], start: list[float]
) -> tuple[list[float], int]:
    """Limited-memory BFGS with a backtracking (Armijo) line search; convex objectives only."""
    x = start
    fx, g = objective(x)
    history: list[tuple[list[float], list[float], float]] = []
    iteration = 0
    for iteration in range(1, _MAX_ITERATIONS + 1):  # reported to the caller
        if max(abs(v) for v in g) < _GRADIENT_TOLERANCE:
            break
        # Two-loop recursion: d = -H g.
        q = list(g)
        alphas: list[float] = []
        for s, y, rho in reversed(history):
            alpha = rho * _dot(s, q)
            alphas.append(alpha)
            q = [qi - alpha * yi for qi, yi in zip(q, y, strict=True)]
        if history:
            s, y, _ = history[-1]
            scale = _dot(s, y) / _dot(y, y)
        else:
            scale = 1.0 / max(1.0, math.sqrt(_dot(g, g)))
        d = [scale * qi for qi in q]
        for (s, y, rho), alpha in zip(history, reversed(alphas), strict=True):
            beta = rho * _dot(y, d)
            d = [di + (alpha - beta) * si for di, si in zip(d, s, strict=True)]
        d = [-di for di in d]
        slope = _dot(g, d)
        if slope >= 0:  # not a descent direction: start again from the gradient
            history.clear()
            d = [-gi for gi in g]
            slope = -_dot(g, g)
        step = 1.0
        while True:
            candidate = [xi + step * di for xi, di in zip(x, d, strict=True)]
            fc, gc = objective(candidate)
            if fc <= fx + 1e-4 * step * slope:
                break
            step *= 0.5
            if step < 1e-12:
                return x, iteration
        s = [ci - xi for ci, xi in zip(candidate, x, strict=True)]
        y = [a - b for a, b in zip(gc, g, strict=True)]
        sy = _dot(s, y)
        if sy > 1e-12:
            history.append((s, y, 1.0 / sy))
            if len(history) > _HISTORY:
                history.pop(0)
        x, fx, g = candidate, fc, gc
    return x, iteration
