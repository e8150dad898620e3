"""Input checks for :class:`planner.optimize.CoverageProblem` (internal).

Every check appends a one-line message naming the field, the bad value and the fix; the caller
raises one :class:`~planner.errors.InputError` listing all of them (STYLE.md item 6).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

EQUITY_MODES = ("hard", "maxmin")


def _frozen(array: NDArray[Any]) -> NDArray[Any]:
    array = np.array(array, copy=True)
    array.setflags(write=False)
    return array


def as_coverage(value: Any, problems: list[str]) -> sp.csr_matrix | None:
    """Return ``value`` as a canonical CSR matrix of float64, or ``None`` after noting why not."""
    if sp.issparse(value):
        matrix = sp.csr_matrix(value, dtype=np.float64, copy=True)
    elif isinstance(value, np.ndarray) and value.ndim == 2:
        matrix = sp.csr_matrix(value.astype(np.float64))
    else:
        problems.append(
            f"coverage: expected a 2-D scipy.sparse matrix or numpy array, got {type(value).__name__}"
        )
        return None
    matrix.sum_duplicates()
    data = matrix.data
    if not np.all(np.isfinite(data)):
        problems.append("coverage: contains NaN or infinite values; use values in [0, 1]")
        return None
    bad = (data < 0) | (data > 1)
    if np.any(bad):
        problems.append(
            f"coverage: {int(bad.sum())} values outside [0, 1] (e.g. {float(data[bad][0])!r}); "
            "coverage values are fractions of a fully covered point"
        )
        return None
    matrix.eliminate_zeros()
    matrix.sort_indices()
    matrix.data.setflags(write=False)
    return matrix


def as_vector(
    name: str, value: Any, length: int, problems: list[str], *, allow_inf: bool = False
) -> FloatArray | None:
    """Check a non-negative finite float vector of the given length."""
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        problems.append(f"{name}: expected numbers, got {type(value).__name__}")
        return None
    if array.shape != (length,):
        problems.append(f"{name}: expected shape ({length},), got {array.shape}")
        return None
    finite = np.isfinite(array) | (allow_inf & np.isposinf(array))
    if not np.all(finite):
        problems.append(f"{name}: {int((~finite).sum())} NaN or infinite values; give finite numbers")
        return None
    if np.any(array < 0):
        first = int(np.flatnonzero(array < 0)[0])
        problems.append(f"{name}: negative value {float(array[first])!r} at index {first}; must be >= 0")
        return None
    return _frozen(array)


def as_int_vector(
    name: str, value: Any, length: int, problems: list[str], *, minimum: int
) -> IntArray | None:
    """Check an integer vector of the given length with values >= ``minimum``."""
    array = np.asarray(value)
    if array.shape != (length,):
        problems.append(f"{name}: expected shape ({length},), got {array.shape}")
        return None
    if array.dtype == np.bool_:  # (True/False had been read as 1/0)
        problems.append(f"{name}: expected integers, got booleans")
        return None
    if array.size and not np.issubdtype(array.dtype, np.integer) and (
        not np.all(np.isfinite(array.astype(float))) or np.any(array != np.round(array))
    ):
        problems.append(f"{name}: expected integers, got dtype {array.dtype}")
        return None
    array = array.astype(np.int64)
    if array.size and array.min() < minimum:
        problems.append(f"{name}: value {int(array.min())} is below the minimum {minimum}")
        return None
    return _frozen(array)


def as_indices(name: str, value: Any, n_options: int, problems: list[str]) -> tuple[int, ...]:
    """Check a collection of option indices; return them sorted and unique."""
    array = np.asarray(list(value) if not isinstance(value, np.ndarray) else value)
    if array.size == 0:
        return ()
    if array.ndim != 1 or not np.issubdtype(array.dtype, np.integer):
        problems.append(f"{name}: expected a 1-D collection of integer option indices, got {value!r}")
        return ()
    bad = array[(array < 0) | (array >= n_options)]
    if bad.size:
        problems.append(
            f"{name}: option index {int(bad[0])} out of range 0..{n_options - 1}; "
            "indices refer to coverage columns"
        )
        return ()
    if np.unique(array).size != array.size:
        problems.append(f"{name}: contains duplicate option indices; list each option once")
    return tuple(int(j) for j in np.unique(array))


def as_groups(name: str, value: Any, groups: IntArray | None,
              problems: list[str]) -> tuple[int, ...]:
    """Check a collection of group indices (values of ``groups``); return them sorted, unique."""
    array = np.asarray(list(value) if not isinstance(value, np.ndarray) else value)
    if array.size == 0:
        return ()
    if groups is None:
        problems.append(f"{name}: given without groups; give groups (one per option)")
        return ()
    if array.ndim != 1 or not np.issubdtype(array.dtype, np.integer):
        problems.append(f"{name}: expected a 1-D collection of integer group indices, got "
                        f"{value!r}")
        return ()
    present = np.unique(groups)
    bad = array[~np.isin(array, present)]
    if bad.size:
        problems.append(f"{name}: group {int(bad[0])} has no option; name groups that "
                        "appear in groups")
        return ()
    if np.unique(array).size != array.size:
        problems.append(f"{name}: contains duplicate group indices; list each group once")
    return tuple(int(g) for g in np.unique(array))


def as_conflicts(value: Any, n_options: int, problems: list[str]) -> IntArray:
    """Check an array of option index pairs ``(k, 2)``; return sorted unique pairs (a < b)."""
    empty = np.zeros((0, 2), dtype=np.int64)
    if value is None:
        return _frozen(empty)
    array = np.asarray(value)
    if array.size == 0:
        return _frozen(empty)
    if array.ndim != 2 or array.shape[1] != 2 or not np.issubdtype(array.dtype, np.integer):
        problems.append(f"conflicts: expected an integer array of shape (k, 2), got {array.shape}")
        return _frozen(empty)
    if array.min() < 0 or array.max() >= n_options:
        problems.append(f"conflicts: option index out of range 0..{n_options - 1}")
        return _frozen(empty)
    if np.any(array[:, 0] == array[:, 1]):
        problems.append("conflicts: a pair names the same option twice; an option cannot conflict "
                        "with itself")
        return _frozen(empty)
    pairs = np.unique(np.sort(array.astype(np.int64), axis=1), axis=0)
    return _frozen(pairs)


def as_capacity(value: Any, groups: IntArray | None, problems: list[str]) -> IntArray | None:
    """Check ``max_per_group`` (an int or one capacity per group) and return one per group."""
    if groups is None:
        if not (np.ndim(value) == 0 and not isinstance(value, bool) and value == 1):
            # (a limit without groups had been ignored)
            problems.append(f"max_per_group: {value!r} given without groups; give groups (one "
                            "per option) or leave max_per_group at 1")
        return None
    n_groups = int(groups.max()) + 1 if groups.size else 0
    if np.ndim(value) == 0:
        if isinstance(value, bool) or not float(value).is_integer() or value < 0:
            problems.append(f"max_per_group: expected an integer >= 0, got {value!r}")
            return None
        return _frozen(np.full(n_groups, int(value), dtype=np.int64))
    array = np.asarray(value)
    if array.ndim != 1 or array.shape[0] < n_groups:
        problems.append(
            f"max_per_group: expected one capacity per group ({n_groups} groups), got shape "
            f"{array.shape}"
        )
        return None
    return as_int_vector("max_per_group", array[:n_groups], n_groups, problems, minimum=0)


def as_min_share(value: Any, labels: IntArray | None, problems: list[str]) -> FloatArray | None:
    """Check ``min_share`` (a share or one per label) and return one share per label."""
    if labels is None:
        if np.ndim(value) != 0 or float(value) != 0.0:
            problems.append("min_share: given without labels; pass labels (area per demand row)")
        return None
    n_labels = int(labels.max()) + 1 if labels.size and labels.max() >= 0 else 0
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 0:
        array = np.full(n_labels, float(array))
    if array.shape != (n_labels,):
        problems.append(f"min_share: expected one share per label ({n_labels}), got {array.shape}")
        return None
    if not np.all(np.isfinite(array)) or np.any((array < 0) | (array > 1)):
        problems.append(f"min_share: shares must lie in [0, 1], got {array.tolist()!r}")
        return None
    return _frozen(array)
