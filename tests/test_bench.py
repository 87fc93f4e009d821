"""The benchmark's judgement of its figures (no timing is asserted here: speed is measured by
`python -m extract bench`, on a real corpus)."""

from __future__ import annotations

from extract.bench import BenchConfig, run_bench, verdict


def test_targets_met_when_every_figure_is_within_them() -> None:
    ok, lines = verdict(bare=60.0, timings={1: 150.0, 2: 80.0}, peak_rss_mb=600)
    assert ok
    assert [line.split(":")[0] for line in lines] == ["met", "met", "met"]


def test_each_missed_target_is_named() -> None:
    ok, lines = verdict(bare=60.0, timings={1: 200.0, 2: 150.0}, peak_rss_mb=2000)
    assert not ok
    assert len(lines) == 3 and all(line.startswith("NOT MET") for line in lines)
    assert "3.33x bare" in lines[0] and "1.33x faster" in lines[1] and "2,000 MiB" in lines[2]


def test_only_the_measured_job_counts_are_judged() -> None:
    ok, lines = verdict(bare=60.0, timings={1: 170.0}, peak_rss_mb=500)
    assert ok and len(lines) == 2  # no 2-job run: no speed-up target


def test_the_report_on_a_small_sample_names_its_figures_and_targets() -> None:
    ok, report = run_bench(BenchConfig(minimum=40, jobs=(1,)))
    assert "bare tokenisation" in report and "full pipeline, 1 job(s)" in report
    assert "judge them on a real corpus" in report
    assert ("NOT MET" in report) == (not ok)
