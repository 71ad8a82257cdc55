"""Bulk writing of CP-SAT variables and constraints straight into the model proto.

`solver.model` builds models of 400k variables at L, and again for every LNS
neighbourhood. Building each row through the expression layer (`model.add(sum(...) <= b)`)
costs a Python object per term; writing index and coefficient lists into the proto costs
one `extend` per row, and the objective is written once from numpy arrays. Everything here
works on variable indices (a literal's negation is `-index - 1`, as in the proto).
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

INT_MIN = cp_model.INT_MIN
INT_MAX = cp_model.INT_MAX


def new_bools(model: cp_model.CpModel, n: int) -> list[cp_model.IntVar]:
    """`n` new 0/1 variables, indices consecutive from the current end of the model."""
    proto = model.proto
    start = len(proto.variables)
    if n:
        proto.merge_text_format("variables { domain: [0, 1] } " * n)
    return [cp_model.IntVar(proto, i) for i in range(start, start + n)]


class PairItems:
    """The items of each pair (CSR), so that 'pair chosen' sums can be written as item rows."""

    def __init__(self, item_pair: np.ndarray, n_pairs: int):
        self.order = np.argsort(item_pair, kind="stable")
        self.starts = np.searchsorted(item_pair[self.order], np.arange(n_pairs + 1))

    def of_each(self, groups: list[np.ndarray]) -> list[np.ndarray]:
        """The items of each pair group, in one vectorised pass over all groups."""
        if not groups:
            return []
        pairs = np.concatenate(groups).astype(np.int64)
        items, _ = self.of(pairs)
        items_before = np.concatenate(([0], np.cumsum(self.starts[pairs + 1] - self.starts[pairs])))
        group_ends = np.cumsum([len(g) for g in groups])
        return np.split(items, items_before[group_ends[:-1]])

    def of(self, pairs: np.ndarray, coefs: np.ndarray | None = None):
        """(items, coefficients) of `sum_j coefs_j * pair_j` over the given pairs."""
        pairs = np.asarray(pairs, dtype=np.int64)
        lengths = self.starts[pairs + 1] - self.starts[pairs]
        first = np.repeat(self.starts[pairs], lengths)
        within = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        items = self.order[first + within]
        weights = np.ones(len(items), np.int64) if coefs is None else np.repeat(coefs, lengths)
        return items, weights


def linear(model: cp_model.CpModel, idx, coefs, lo: int, hi: int, enforce=()) -> None:
    """lo <= sum coefs * vars[idx] <= hi (only when every `enforce` literal holds)."""
    row = model.proto.constraints.add()
    if len(enforce):
        row.enforcement_literal.extend(list(enforce))
    row.linear.vars.extend(_ints(idx))
    row.linear.coeffs.extend(_ints(coefs))
    row.linear.domain.extend([lo, hi])


def max_of_zero_and(model: cp_model.CpModel, target: int, idx, coefs, offset: int) -> None:
    """vars[target] == max(0, sum coefs * vars[idx] + offset)."""
    lin_max(model, target, [([], [], 0), (idx, coefs, offset)])


def lin_max(model: cp_model.CpModel, target: int, exprs) -> None:
    """vars[target] == max over `exprs` of (sum coefs * vars[idx] + offset)."""
    row = model.proto.constraints.add().lin_max
    row.target.vars.append(target)
    row.target.coeffs.append(1)
    for idx, coefs, offset in exprs:
        expr = row.exprs.add()
        expr.vars.extend(_ints(idx))
        expr.coeffs.extend(_ints(coefs))
        expr.offset = offset


def bool_rows(model: cp_model.CpModel, kind: str, rows) -> None:
    """One `exactly_one` or `at_most_one` row per index list."""
    add = model.proto.constraints.add
    for literals in rows:
        getattr(add(), kind).literals.extend(_ints(literals))


def set_objective(model: cp_model.CpModel, idx: np.ndarray, coefs: np.ndarray, offset: int):
    """Minimise offset + sum coefs * vars[idx]; repeated indices add up."""
    total = np.zeros(len(model.proto.variables), dtype=np.int64)
    np.add.at(total, idx, coefs)
    nonzero = np.flatnonzero(total)
    objective = model.proto.objective
    objective.vars.extend(nonzero.tolist())
    objective.coeffs.extend(total[nonzero].tolist())
    objective.offset = offset
    objective.scaling_factor = 1.0


def _ints(values) -> list[int]:
    return values.tolist() if isinstance(values, np.ndarray) else [int(v) for v in values]
