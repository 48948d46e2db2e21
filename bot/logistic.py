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
from operator import mul, sub

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
    # Rows as index and value lists (for the logits), columns likewise (for the gradient): each
    # product is one `sum(map(...))`, a loop in C rather than in Python.
    row_index = [[j for j, _ in row] for row, _, _ in data]
    row_value = [[v for _, v in row] for row, _, _ in data]
    column_rows: list[list[int]] = [[] for _ in range(columns)]
    column_values: list[list[float]] = [[] for _ in range(columns)]
    for r, (row, _, _) in enumerate(data):
        for j, value in row:
            column_rows[j].append(r)
            column_values[j].append(value)
    targets = [label for _, label, _ in data]
    weights = [weight for _, _, weight in data]
    count = len(data)

    def objective(theta: list[float]) -> tuple[float, list[float]]:
        # theta: class 1's column weights, class 2's, …, then the intercepts.
        per_class = [theta[k * columns : (k + 1) * columns] for k in range(others)]
        intercepts = theta[size:]
        residuals = [[0.0] * count for _ in range(others)]
        loss = 0.0
        for r in range(count):
            index, value = row_index[r], row_value[r]
            logits = [
                intercepts[k] + sum(map(mul, value, map(per_class[k].__getitem__, index)))
                for k in range(others)
            ]
            top = max(0.0, *logits)
            exps = [math.exp(logit - top) for logit in logits]
            norm = math.exp(-top) + sum(exps)
            label, weight = targets[r], weights[r]
            chosen = logits[label - 1] if label else 0.0
            loss -= weight * (chosen - top - math.log(norm))
            for k in range(others):
                residuals[k][r] = weight * exps[k] / norm
            if label:
                residuals[label - 1][r] -= weight
        gradient: list[float] = []
        for k in range(others):
            weights_k, residual = per_class[k], residuals[k].__getitem__
            loss += 0.5 * penalty * sum(map(mul, weights_k, weights_k))
            gradient.extend(
                sum(map(mul, column_values[j], map(residual, column_rows[j])))
                + penalty * weights_k[j]
                for j in range(columns)
            )
        gradient.extend(sum(residuals[k]) for k in range(others))
        return loss, gradient

    theta, iterations = _lbfgs(objective, [0.0] * (size + others))
    # As the scorer reads them: one row per column, one weight per class.
    by_column = [theta[k * columns + j] for j in range(columns) for k in range(others)]
    return Fitted(weights=by_column, intercepts=theta[size:], iterations=iterations)


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return float(sum(map(mul, a, b)))


def _plus(a: list[float], scale: float, b: list[float]) -> list[float]:
    """a + scale * b"""
    return [x + scale * y for x, y in zip(a, b, strict=True)]


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
            q = _plus(q, -alpha, y)
        if history:
            s, y, _ = history[-1]
            scale = _dot(s, y) / _dot(y, y)
        else:
            scale = 1.0 / max(1.0, math.sqrt(_dot(g, g)))
        d = [scale * qi for qi in q]
        for (s, y, rho), alpha in zip(history, reversed(alphas), strict=True):
            beta = rho * _dot(y, d)
            d = _plus(d, alpha - beta, s)
        d = [-di for di in d]
        slope = _dot(g, d)
        if slope >= 0:  # not a descent direction: start again from the gradient
            history.clear()
            d = [-gi for gi in g]
            slope = -_dot(g, g)
        step = 1.0
        while True:
            candidate = _plus(x, step, d)
            fc, gc = objective(candidate)
            if fc <= fx + 1e-4 * step * slope:
                break
            step *= 0.5
            if step < 1e-12:
                return x, iteration
        s = list(map(sub, candidate, x))
        y = list(map(sub, gc, g))
        sy = _dot(s, y)
        if sy > 1e-12:
            history.append((s, y, 1.0 / sy))
            if len(history) > _HISTORY:
                history.pop(0)
        x, fx, g = candidate, fc, gc
    return x, iteration
