"""Fresh rows in the likeness of a published table, so that no published copy holds them.

Each class (or group) of the original is modelled by a Gaussian fitted to a resample of
its rows that the dataset's secret generator picks (in log space for measurements that are
never negative); new rows are drawn from it, kept within the range of each original column
and rounded to its precision. A drawn row equal to a published one, also with its values in
another order, is drawn again. A regression target is a linear model of the original,
fitted to another secret resample, plus noise as large as that model's residuals.

Plain numpy, one thread: the same secret gives the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

MAX_REDRAWS = 100


@dataclass(frozen=True)
class Likeness:
    """How closely the drawn rows follow the original."""

    shrinkage: float = 0.1  # share of each covariance pulled toward its diagonal
    widen: float = 1.0  # spread of the drawn rows, relative to the original's
    log_space: bool = True  # model never-negative columns by their logarithm


def column_decimals(values: np.ndarray) -> int:
    """The fewest decimals (up to 8) that write every value of the column, give or take a
    thousandth of the last one (shipped files hold a few values such as 3.5799999)."""
    for decimals in range(9):
        scaled = values * 10**decimals
        if np.allclose(scaled, np.round(scaled), rtol=0, atol=1e-3):
            return decimals
    return 8


class ShippedRows:
    """The published rows, by their exact values and by their values sorted."""

    def __init__(self, features: np.ndarray, decimals: list[int]):
        self.decimals = decimals
        self.exact = set(self._exact_keys(features))
        self.reordered = set(self._sorted_keys(features))

    def _exact_keys(self, rows: np.ndarray) -> list[bytes]:
        scaled = np.rint(rows * 10.0 ** np.asarray(self.decimals)).astype(np.int64)
        return [row.tobytes() for row in scaled]

    @staticmethod
    def _sorted_keys(rows: np.ndarray) -> list[bytes]:
        # + 0.0 turns -0.0 into 0.0, whose bytes differ
        return [row.tobytes() for row in np.sort(np.round(rows, 8) + 0.0, axis=1)]

    def matches(self, rows: np.ndarray) -> np.ndarray:
        """Which of ``rows`` equal a published row, as they are or with values reordered."""
        exact = [key in self.exact for key in self._exact_keys(rows)]
        reordered = [key in self.reordered for key in self._sorted_keys(rows)]
        return np.array(exact, dtype=bool) | np.array(reordered, dtype=bool)


class _Gaussian:
    def __init__(self, rows: np.ndarray, likeness: Likeness):
        self.mean = rows.mean(axis=0)
        covariance = np.atleast_2d(np.cov(rows, rowvar=False))
        covariance = (1 - likeness.shrinkage) * covariance + likeness.shrinkage * np.diag(
            np.diag(covariance)
        )
        values, vectors = np.linalg.eigh(covariance)
        self.root = vectors * np.sqrt(np.clip(values, 0, None)) * likeness.widen

    def draw(self, rng: np.random.Generator, count: int) -> np.ndarray:
        return self.mean + rng.standard_normal((count, len(self.mean))) @ self.root.T


class _Columns:
    """To and from the space the Gaussians live in, and back to the original's form."""

    def __init__(self, features: np.ndarray, likeness: Likeness):
        self.low, self.high = features.min(axis=0), features.max(axis=0)
        self.decimals = [column_decimals(features[:, j]) for j in range(features.shape[1])]
        self.logged = (self.low >= 0) if likeness.log_space else np.zeros(len(self.low), bool)
        # A column with zeros is logged with an offset: half its smallest positive value.
        positive = np.where(features > 0, features, np.inf).min(axis=0)
        self.offset = np.where(self.low > 0, 0.0, np.where(np.isfinite(positive), positive, 1) / 2)

    def forward(self, rows: np.ndarray) -> np.ndarray:
        return np.where(self.logged, np.log(np.where(self.logged, rows + self.offset, 1)), rows)

    def finish(self, values: np.ndarray) -> np.ndarray:
        with np.errstate(over="ignore"):
            values = np.where(self.logged, np.exp(values) - self.offset, values)
        values = np.clip(values, self.low, self.high)
        return np.column_stack([np.round(values[:, j], d) for j, d in enumerate(self.decimals)])


def fresh_rows(
    rng: np.random.Generator, features: np.ndarray, groups: np.ndarray, likeness: Likeness
) -> tuple[np.ndarray, np.ndarray]:
    """As many new rows per group as the original has, in a random order, with their group."""
    features = np.asarray(features, dtype=float)
    columns = _Columns(features, likeness)
    shipped = ShippedRows(features, columns.decimals)
    rows, labels = [], []
    with threadpool_limits(limits=1):
        for group in np.unique(groups):
            own = features[groups == group]
            resample = own[rng.integers(0, len(own), len(own))]
            model = _Gaussian(columns.forward(resample), likeness)
            drawn = columns.finish(model.draw(rng, len(own)))
            for _ in range(MAX_REDRAWS):
                clash = shipped.matches(drawn)
                if not clash.any():
                    break
                drawn[clash] = columns.finish(model.draw(rng, int(clash.sum())))
            else:
                raise RuntimeError(f"could not draw rows unlike the published ones ({group})")
            rows.append(drawn)
            labels.append(np.repeat(group, len(own)))
    # Shuffled, or a row's class would follow from its place, the same for every secret.
    order = rng.permutation(len(features))
    return np.vstack(rows)[order], np.concatenate(labels)[order]


def fresh_target(
    rng: np.random.Generator,
    features: np.ndarray,
    target: np.ndarray,
    new_features: np.ndarray,
    *,
    ridge: float = 1.0,
) -> np.ndarray:
    """A target for ``new_features``: a linear model of a resample of the original, plus
    noise as large as its residuals, rounded and bounded like the original target."""
    features, target = np.asarray(features, float), np.asarray(target, float)
    pick = rng.integers(0, len(features), len(features))
    x, y = features[pick], target[pick]
    center, scale = x.mean(axis=0), x.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    design = (x - center) / scale
    with threadpool_limits(limits=1):
        weights = np.linalg.solve(
            design.T @ design + ridge * np.eye(design.shape[1]), design.T @ (y - y.mean())
        )
        residuals = y - y.mean() - design @ weights
        spread = np.sqrt(residuals @ residuals / (len(y) - design.shape[1] - 1))
        signal = y.mean() + ((new_features - center) / scale) @ weights
    values = signal + rng.normal(0.0, spread, len(new_features))
    values = np.clip(values, target.min(), target.max())
    return np.round(values, column_decimals(target))
