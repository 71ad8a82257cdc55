"""Encoding time: eligibility + encode (matcher.encoding) + CP-SAT model build (solver.model).

Target (issue 3): 10 s or less at L. Timed in this process; `rss_hwm_mib` is this
process's high-water mark after the step (sizes run S, M, L in turn, so at L it is close
to the encoding's own peak); the clean peak of the whole batch job is measured by the
solve benchmarks in a child process.
"""

from __future__ import annotations

import time

import pytest

from benchmarks.instances import SIZES
from benchmarks.memory import peak_rss_mib
from matcher.encoding.encode import encode
from solver.model import build_model


@pytest.mark.parametrize("size", SIZES)
def test_encoding(benchmark, instances, results, size):
    programme = instances.programme(size)

    def run():
        t0 = time.perf_counter()
        enc = encode(programme)
        t1 = time.perf_counter()
        built = build_model(enc.problem)
        return enc, built, t1 - t0, time.perf_counter() - t1

    enc, built, encode_s, build_s = benchmark.pedantic(run, rounds=1, iterations=1)
    p = enc.problem
    record = {
        "time_s": encode_s + build_s,
        "encode_s": encode_s,
        "build_s": build_s,
        "candidate_pairs": enc.candidate_pairs,
        "pairs": p.n_pairs,
        "items": p.n_items,
        "seats": p.n_seats,
        "cliques": len(p.cliques),
        "capacities": len(p.capacities),
        "counts": len(p.counts),
        "rewards": len(p.rewards),
        "cp_variables": len(built.model.proto.variables),
        "cp_constraints": len(built.model.proto.constraints),
        "rss_hwm_mib": peak_rss_mib(),
        "challenges": len(programme.challenges),
        "peers": len(programme.peers),
    }
    benchmark.extra_info.update(record)
    results.add("encoding", size, None, record)
    del built
    instances.keep_encoding(size, enc)
    assert len(enc.seats) == p.n_seats and p.n_items >= p.n_pairs > 0
