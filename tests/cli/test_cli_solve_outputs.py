"""matcher.batch.outputs and the live progress display, without the command line around them."""

from __future__ import annotations

import io
import time
from datetime import date

from factories import assign, make_challenge, make_peer, make_programme, make_seat
from rich.console import Console

from cli.solve import LiveProgress
from matcher.batch.outputs import utilisation_table
from solver.solve import Progress


def test_utilisation_counts_paid_seats_in_the_programmes_year_only() -> None:
    later = make_challenge("CH2", earliest_start=date(2025, 6, 2))  # next financial year
    seats = [make_seat("S1"), make_seat("SH", shadow=True), make_seat("S1", "CH2")]
    peers = [
        make_peer("P1", days_used=4, cap_days=20),
        make_peer("P2", home_council="L1"),
        make_peer("P3", "officer", home_council="D1"),
    ]
    programme = make_programme(
        peers=peers,
        challenges=[make_challenge(), later],
        seats=seats,
        settings={"financial_year_start": date(2024, 4, 1)},
    )
    assignments = [
        assign(programme, "P1", "S1"),
        assign(programme, "P2", "SH"),
        assign(programme, "P2", "S1", "CH2"),
    ]
    rows = {r.peer_id: r for r in utilisation_table(programme, assignments).itertuples()}
    assert (rows["P1"].days_used_before, rows["P1"].days_added) == (4, 7)
    assert (rows["P1"].cap_days, rows["P1"].days_left) == (20, 9)
    # a shadow seat counts toward no cap; CH2 starts in 2025/26, another year's cap
    assert (rows["P2"].days_added, rows["P2"].cap_days, rows["P2"].days_left) == (0, 40, 40)
    assert (rows["P3"].kind, rows["P3"].group_office, rows["P3"].cap_days) == ("officer", "", 30)


def _plain_console() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=False, width=200), buffer


def test_progress_off_a_terminal_prints_plain_lines_and_heartbeats() -> None:
    console, buffer = _plain_console()
    with LiveProgress(console, 10, heartbeat_s=0.2, min_gap_s=0.0) as live:
        live.update(Progress(objective=1234, bound=1000.0, elapsed_s=0.1))
        time.sleep(0.5)
    lines = buffer.getvalue().splitlines()
    assert "best plan so far 1,234 points, within 18.96% of the best possible" in lines[0]
    assert len(lines) >= 2  # the heartbeat repeated the incumbent while nothing improved
    assert all(" s of 10 s" in line for line in lines)  # one clock for the whole job
    assert "\x1b" not in buffer.getvalue() and "\r" not in buffer.getvalue()


def test_progress_off_a_terminal_throttles_bursts_of_improvements() -> None:
    console, buffer = _plain_console()
    with LiveProgress(console, 10, heartbeat_s=60, min_gap_s=30) as live:
        for objective in range(1000, 900, -1):
            live.update(Progress(objective=objective, bound=0.0, elapsed_s=0.1))
    assert live.improvements == 100
    [line] = buffer.getvalue().splitlines()  # the first; the rest came inside min_gap_s
    assert "best plan so far 1,000 points" in line


def test_progress_on_a_terminal_draws_a_live_line() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=120)
    with LiveProgress(console, 5) as live:
        live.update(Progress(objective=50, bound=-4_000_000.0, elapsed_s=0.1))
        time.sleep(0.4)
    drawn = buffer.getvalue()
    assert "best plan so far 50 points" in drawn and "not known yet" in drawn  # no ">999%"
