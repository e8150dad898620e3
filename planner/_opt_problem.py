"""The budgeted covering question, validated on construction (internal).

:class:`CoverageProblem` is part of the public API: import it from :mod:`planner.optimize`,
which re-exports it. Its field checks are in :mod:`planner._opt_validate`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import ArrayLike, NDArray

from planner import _opt_validate as v
from planner.errors import InputError, one_line

__all__ = ["CoverageProblem"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class CoverageProblem:
    """One budgeted covering question, validated on construction.

    Parameters
    ----------
    coverage
        ``(n_demand, n_options)`` scipy.sparse matrix or 2-D array of coverage values in
        [0, 1] (e.g. the DORI level's value); stored as read-only CSR.
    weights
        ``(n_demand,)`` demand weights, finite and >= 0.
    costs
        ``(n_options,)`` option costs, finite and >= 0.
    budget
        Budget, >= 0 (``inf`` for none). Required options count against it.
    required
        Option indices that must be chosen (existing cameras).
    groups
        ``(n_options,)`` group (mount) index per option, >= 0, or ``None``.
    max_per_group
        At most this many chosen options per group: one int, or one capacity per group
        (``max_per_group[g]``, e.g. a mount's ``max_cameras``).
    labels
        ``(n_demand,)`` area label per demand row (``0 .. n_labels - 1``; ``-1`` = no area), or
        ``None``.
    min_share
        Share in [0, 1] of each labelled area's total weight (all its rows, graded values) that
        the plan must cover; one float or one per label.
    equity
        ``"hard"``: ``min_share`` is a constraint. ``"maxmin"``: first maximise the smallest area
        share (never below ``min_share``), then the objective with that share kept (lexicographic).
    backup_bonus
        Extra objective per unit weight for demand seen (any value > 0) by two or more chosen
        options.
    conflicts
        ``(k, 2)`` option index pairs that may not both be chosen (minimum spacing).
    excluded
        Option indices that may not be chosen (e.g. cameras that would see privacy zones).
    penalties
        ``(n_options,)`` objective penalty per chosen option (e.g. privacy intrusion), >= 0.
    required_groups
        Groups (indices into ``groups``' values) of which at least one option must be chosen (a
        mount the scenario requires a camera on, the model and direction left to the optimiser).
        A required option of the group counts.
    blocks
        ``(n_demand,)`` block per demand row (``-1`` = none), or ``None`` for ``labels``: a
        partition of the demand (e.g. the planned areas) for the decomposition bound of models
        too large for the full MIP (:mod:`planner._opt_decompose`). It tightens the proven
        bound; it never changes the plan.

    Attributes
    ----------
    capacity
        Derived: the capacity of each group (``None`` without groups).
    label_totals
        Derived: total demand weight of each area label (the denominator of its share).

    Raises
    ------
    InputError
        Listing every problem found (shapes, values, indices, contradictory fields).

    Notes
    -----
    Arrays are converted on construction (coverage to CSR float64, vectors to read-only numpy
    arrays, index lists to sorted tuples), so a problem never changes after it is built.
    """

    coverage: Any
    weights: ArrayLike
    costs: ArrayLike
    budget: float
    required: Sequence[int] = ()
    groups: ArrayLike | None = None
    max_per_group: int | ArrayLike = 1
    labels: ArrayLike | None = None
    min_share: float | ArrayLike = 0.0
    equity: str = "hard"
    backup_bonus: float = 0.0
    conflicts: ArrayLike | None = None
    excluded: Sequence[int] = ()
    penalties: ArrayLike | None = None
    required_groups: Sequence[int] = ()
    blocks: ArrayLike | None = None
    capacity: IntArray | None = field(init=False, repr=False, default=None)
    label_totals: FloatArray = field(init=False, repr=False, default_factory=lambda: np.zeros(0))

    def __post_init__(self) -> None:
        problems: list[str] = []
        matrix = v.as_coverage(self.coverage, problems)
        if matrix is None:
            raise InputError(one_line("CoverageProblem: " + "; ".join(problems)))
        n_demand, n_options = matrix.shape
        weights = v.as_vector("weights", self.weights, n_demand, problems)
        costs = v.as_vector("costs", self.costs, n_options, problems)
        try:
            budget = float(self.budget) if np.ndim(self.budget) == 0 else float("nan")
        except (TypeError, ValueError):  # None, text (a raw TypeError had escaped)
            budget = float("nan")
        if not (budget >= 0) or np.isneginf(budget):
            problems.append(f"budget: expected a number >= 0 (or inf), got {self.budget!r}")
        required = v.as_indices("required", self.required, n_options, problems)
        excluded = v.as_indices("excluded", self.excluded, n_options, problems)
        groups = (None if self.groups is None else
                  v.as_int_vector("groups", self.groups, n_options, problems, minimum=0))
        capacity = v.as_capacity(self.max_per_group, groups, problems)
        labels = (None if self.labels is None else
                  v.as_int_vector("labels", self.labels, n_demand, problems, minimum=-1))
        min_share = v.as_min_share(self.min_share, labels, problems)
        blocks = (None if self.blocks is None else
                  v.as_int_vector("blocks", self.blocks, n_demand, problems, minimum=-1))
        if self.equity not in v.EQUITY_MODES:
            problems.append(f"equity: expected one of {v.EQUITY_MODES}, got {self.equity!r}")
        bonus = float(self.backup_bonus) if np.ndim(self.backup_bonus) == 0 else -1.0
        if not (np.isfinite(bonus) and bonus >= 0):
            problems.append(f"backup_bonus: expected a finite number >= 0, got {self.backup_bonus!r}")
        conflicts = v.as_conflicts(self.conflicts, n_options, problems)
        penalties = (None if self.penalties is None else
                     v.as_vector("penalties", self.penalties, n_options, problems))
        need = v.as_groups("required_groups", self.required_groups, groups, problems)
        if problems:
            raise InputError(one_line("CoverageProblem: " + "; ".join(problems)))
        totals = np.zeros(0)
        if labels is not None and min_share is not None:
            in_area = labels >= 0
            totals = np.bincount(labels[in_area], weights=np.asarray(weights)[in_area],
                                 minlength=len(min_share)).astype(np.float64)
            totals.setflags(write=False)
        for name, value in (("coverage", matrix), ("weights", weights), ("costs", costs),
                            ("budget", budget), ("required", required), ("excluded", excluded),
                            ("groups", groups), ("labels", labels), ("penalties", penalties),
                            ("conflicts", conflicts), ("backup_bonus", bonus),
                            ("capacity", capacity), ("label_totals", totals),
                            ("required_groups", need), ("blocks", blocks)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "min_share", min_share if min_share is not None else 0.0)

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_demand, n_options)``."""
        rows, cols = self.coverage.shape
        return int(rows), int(cols)

    @functools.cached_property
    def coverage_csc(self) -> sp.csc_matrix:
        """The coverage matrix by columns (computed once; plans are checked column-wise)."""
        csc = sp.csc_matrix(self.coverage)
        csc.sum_duplicates()
        for array in (csc.data, csc.indices, csc.indptr):
            array.setflags(write=False)
        return csc
