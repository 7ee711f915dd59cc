"""How the benchmark judges a scenario whose target is of another scenario, not the floor:
message-send ≥ 0.60 of send-floor in the same run (issue 19)."""

from __future__ import annotations

from bench.load import LoadResult
from bench.runner import Floor, Probe, Sample, measurement_make, table_format
from bench.scenarios import FLOOR, SCENARIOS


def _sample(name: str, requests_per_second: float, *, status: int | None = None) -> Sample:
    scenario = FLOOR if name == "floor" else next(s for s in SCENARIOS if s.name == name)
    load = LoadResult(
        requests_per_second=requests_per_second,
        p50_ms=5.0,
        p99_ms=9.0,
        requests=int(requests_per_second * 10),
        non_success=0,
        socket_errors=0,
        p95_ms=8.0,
    )
    return Sample(
        label=name,
        scenario=scenario,
        probe=Probe(status=status or scenario.expected_status, rate_limit=None),
        load=load,
    )


def test_message_send_is_judged_against_the_send_floor_of_the_same_run() -> None:
    floor = _sample("floor", 3000.0)
    send_floor = _sample("send-floor", 800.0)
    passing = _sample("message-send", 520.0)  # 0.17 of the floor, 0.65 of the send floor
    failing = _sample("message-send", 400.0)  # 0.50 of the send floor
    run = Floor(start=floor, end=floor)

    measured = measurement_make(passing, run, [floor, passing, send_floor])
    assert measured.verdict == "PASS"
    assert round(measured.ratio or 0, 2) == 0.17  # the table's ratio stays the floor's
    assert round(measured.target_ratio or 0, 2) == 0.65
    assert "0.65 of send-floor (target ≥ 0.60 of it)" in measured.notes
    assert "≥ 0.60 send-floor" in table_format([measured])

    assert measurement_make(failing, run, [floor, failing, send_floor]).verdict == "FAIL"


def test_without_the_send_floor_in_the_run_there_is_no_verdict() -> None:
    floor = _sample("floor", 3000.0)
    alone = _sample("message-send", 520.0)
    measured = measurement_make(alone, Floor(start=floor, end=floor), [floor, alone])
    assert measured.verdict == "—"
    assert "send-floor was not measured in this run: no verdict" in measured.notes


def test_a_broken_send_floor_gives_no_ratio_rather_than_a_flattering_one() -> None:
    floor = _sample("floor", 3000.0)
    broken = _sample("send-floor", 50.0, status=500)
    send = _sample("message-send", 520.0)
    measured = measurement_make(send, Floor(start=floor, end=floor), [floor, send, broken])
    assert measured.verdict == "—"
