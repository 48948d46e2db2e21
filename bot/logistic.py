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
    problem = _Problem(rows, labels, sample_weights, columns=columns, classes=classes, c=c)
    others = classes - 1
    size = columns * others
    theta, iterations = _lbfgs(problem.objective, [0.0] * (size + others))
    # As the scorer reads them: one row per column, one weight per class.
    by_column = [theta[k * columns + j] for j in range(columns) for k in range(others)]
    return Fitted(weights=by_column, intercepts=theta[size:], iterations=iterations)


class _Problem:
    """The data as the objective reads it. Rows as index and value lists (for the logits),
    columns likewise (for the gradient): each product is one `sum(map(...))`, a loop in C."""

    def __init__(
        self,
        rows: Sequence[Row],
        labels: Sequence[int],
        sample_weights: Sequence[float],
        *,
        columns: int,
        classes: int,
        c: float,
    ) -> None:
        # Identical rows of the same class are one row with their weights summed: most contrast
        # rows share nothing with the team's columns and differ only in their label.
        merged: dict[tuple[tuple[tuple[int, float], ...], int], float] = {}
        for row, label, weight in zip(rows, labels, sample_weights, strict=True):
            key = (tuple(row), label)
            merged[key] = merged.get(key, 0.0) + weight
        total = sum(merged.values())
        self.columns, self.others = columns, classes - 1
        self.penalty = 1.0 / (c * total)
        self.targets = [label for _, label in merged]
        self.weights = [weight / total for weight in merged.values()]
        self.row_index = [[j for j, _ in row] for row, _ in merged]
        self.row_value = [[v for _, v in row] for row, _ in merged]
        self.column_rows: list[list[int]] = [[] for _ in range(columns)]
        self.column_values: list[list[float]] = [[] for _ in range(columns)]
        for r, (row, _) in enumerate(merged):
            for j, value in row:
                self.column_rows[j].append(r)
                self.column_values[j].append(value)

    def objective(self, theta: list[float]) -> tuple[float, list[float]]:
        """The loss and its gradient; theta: class 1's column weights, class 2's, …, then the
        intercepts."""
        columns, others = self.columns, self.others
        per_class = [theta[k * columns : (k + 1) * columns] for k in range(others)]
        loss, residuals = self._residuals(per_class, theta[columns * others :])
        gradient: list[float] = []
        for k in range(others):
            weights_k, residual = per_class[k], residuals[k].__getitem__
            loss += 0.5 * self.penalty * _dot(weights_k, weights_k)
            gradient.extend(
                sum(map(mul, self.column_values[j], map(residual, self.column_rows[j])))
                + self.penalty * weights_k[j]
                for j in range(columns)
            )
        gradient.extend(sum(residuals[k]) for k in range(others))
        return loss, gradient

    def _residuals(
        self, per_class: list[list[float]], intercepts: list[float]
    ) -> tuple[float, list[list[float]]]:
        """The data's loss, and per class and row: weight × (probability − is the label)."""
        others = self.others
        residuals = [[0.0] * len(self.targets) for _ in range(others)]
        loss = 0.0
        for r, (label, weight) in enumerate(zip(self.targets, self.weights, strict=True)):
            index, value = self.row_index[r], self.row_value[r]
            logits = [
                intercepts[k] + sum(map(mul, value, map(per_class[k].__getitem__, index)))
                for k in range(others)
            ]
            top = max(0.0, *logits)
            exps = [math.exp(logit - top) for logit in logits]
            norm = math.exp(-top) + sum(exps)
            chosen = logits[label - 1] if label else 0.0
            loss -= weight * (chosen - top - math.log(norm))
            for k in range(others):
                residuals[k][r] = weight * exps[k] / norm
            if label:
                residuals[label - 1][r] -= weight
        return loss, residuals


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return float(sum(map(mul, a, b)))


def _plus(a: list[float], scale: float, b: list[float]) -> list[float]:
    """a + scale * b"""
    return [x + scale * y for x, y in zip(a, b, strict=True)]


_History = list[tuple[list[float], list[float], float]]
_Objective = Callable[[list[float]], tuple[float, list[float]]]


def _lbfgs(objective: _Objective, start: list[float]) -> tuple[list[float], int]:
    """Limited-memory BFGS with a backtracking (Armijo) line search; convex objectives only."""
    x = start
    fx, g = objective(x)
    history: _History = []
    iteration = 0
    for iteration in range(1, _MAX_ITERATIONS + 1):  # noqa: B007  # reported to the caller
        if max(abs(v) for v in g) < _GRADIENT_TOLERANCE:
            break
        d = _direction(g, history)
        slope = _dot(g, d)
        if slope >= 0:  # not a descent direction: start again from the gradient
            history.clear()
            d = [-gi for gi in g]
            slope = -_dot(g, g)
        step = _line_search(objective, x, fx, d, slope)
        if step is None:
            break
        candidate, fc, gc = step
        s = list(map(sub, candidate, x))
        y = list(map(sub, gc, g))
        sy = _dot(s, y)
        if sy > 1e-12:
            history.append((s, y, 1.0 / sy))
            if len(history) > _HISTORY:
                history.pop(0)
        x, fx, g = candidate, fc, gc
    return x, iteration


def _direction(g: list[float], history: _History) -> list[float]:
    """The two-loop recursion: -H g, H the inverse Hessian estimated from the history."""
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
    return [-di for di in d]


def _line_search(
    objective: _Objective, x: list[float], fx: float, d: list[float], slope: float
) -> tuple[list[float], float, list[float]] | None:
    """The first of steps 1, 1/2, 1/4, … that lowers the objective enough; None at none."""
    step = 1.0
    while step >= 1e-12:
        candidate = _plus(x, step, d)
        fc, gc = objective(candidate)
        if fc <= fx + 1e-4 * step * slope:
            return candidate, fc, gc
        step *= 0.5
    return None
