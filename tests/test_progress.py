"""The progress line: share of the input bytes read, time left from the recent rate."""

from __future__ import annotations

from pathlib import Path

from extract.progress import Progress, open_offset


def test_the_offset_of_an_open_input_is_how_far_it_was_read(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"x" * 5000)
    assert open_offset(str(path)) == 0  # not open
    with path.open("rb", buffering=0) as f:
        f.read(1234)
        assert open_offset(str(path)) == 1234


def test_finished_inputs_count_whole(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_bytes(b"a" * 300)
    b.write_bytes(b"b" * 700)
    progress = Progress(True, [a, b])
    assert progress.total == 1000
    progress.reading(str(a))
    assert progress.bytes_read() == 0
    progress.reading(str(b))
    assert progress.bytes_read() == 300
    with b.open("rb", buffering=0) as f:
        f.read(500)
        assert progress.bytes_read() == 800
    assert progress.bytes_read() == 800  # closed: the furthest offset seen still counts
    progress.finished_reading()
    assert progress.bytes_read() == 1000


def test_time_left_comes_from_the_recent_rate_not_the_average(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(b"x" * 1000)
    progress = Progress(True, [src])
    # a slow start (building the rules), then 20 bytes/s over the last 30 seconds
    for now, done in [(0.0, 0), (30.0, 10), (40.0, 200), (50.0, 400), (60.0, 600)]:
        progress.record(now, done)
    assert progress.samples[0] == (30.0, 10)  # older samples dropped
    line = progress.line(1_500, 600)
    # recent rate (600-10)/30 = 19.7 B/s -> 20 s left; the average (10 B/s) would say 40 s
    assert line == "1,500 papers, 60% of 0.0 MiB read, ~20 s left"


def test_disabled_progress_does_not_look_at_the_inputs(tmp_path: Path) -> None:
    fifo_like = tmp_path / "never-opened"
    progress = Progress(False, [fifo_like])
    assert progress.total == 0
    progress.update(10)  # writes nothing, opens nothing
