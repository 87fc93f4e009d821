"""The report of the sample run, opened in a real browser (headless Chromium): no script
error, every leaderboard has rows, every plot is laid out and draws data; a screenshot is
taken. Skipped when Chromium is missing, except in CI (CI=true), where .ci/run installs it
and the test is required."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_cli
from matplotlib import image

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and os.environ.get("CI") != "true":
    pytest.skip(
        "headless Chromium is not installed (apt-get install chromium)", allow_module_level=True
    )

# Run inside the page after it is laid out: what only a browser knows (sizes, bounding
# boxes of the plots' data marks). The report itself has no script; this one is added to a
# copy of it, and writes its findings into the DOM that --dump-dom prints.
_CHECK = """<script>
(() => {
  const problems = [];
  const boards = [...document.querySelectorAll("table.leaderboard")];
  if (!boards.length) problems.push("no leaderboard");
  boards.forEach((t, i) => {
    if (!t.querySelectorAll("tbody tr").length) problems.push(`leaderboard ${i + 1} is empty`);
  });
  const plots = [...document.querySelectorAll("[data-plot] svg")];
  if (!plots.length) problems.push("no plot");
  plots.forEach((svg, i) => {
    const box = svg.getBoundingClientRect();
    if (box.width < 100 || box.height < 50) problems.push(`plot ${i + 1} is not laid out`);
    const marks = [...svg.querySelectorAll('[id^="data-"]')].filter((e) => {
      const b = e.getBBox();
      return b.width > 0 || b.height > 0;
    });
    if (!marks.length) problems.push(`plot ${i + 1} draws no data`);
  });
  const out = document.createElement("pre");
  out.id = "browser-check";
  out.textContent = JSON.stringify({boards: boards.length, plots: plots.length, problems});
  document.body.appendChild(out);
})();
</script>"""
_CONSOLE = re.compile(r":CONSOLE[^\]]*\] (.*)")
_RESULT = re.compile(r'<pre id="browser-check">(.*?)</pre>', re.S)


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None, "CI=true: .ci/run should have installed chromium"
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *args],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip


def check_in_browser(page: Path, work: Path) -> dict[str, object]:
    """Open a copy of `page` with the check script; its counts, problems and console errors."""
    html = page.read_text(encoding="utf-8")
    probe = work / f"probe-{page.name}"
    probe.write_text(html.replace("</body>", _CHECK + "</body>"), encoding="utf-8")
    proc = _chromium("--dump-dom", probe.as_uri(), profile=work / "profile")
    found = _RESULT.search(proc.stdout)
    result: dict[str, object] = json.loads(found.group(1)) if found else {"problems": ["no check"]}
    result["console"] = _CONSOLE.findall(proc.stderr)
    return result


def screenshot(page: Path, png: Path, work: Path) -> None:
    proc = _chromium(f"--screenshot={png}", "--window-size=1280,2000", page.as_uri(),
                     profile=work / "profile")  # fmt: skip
    assert png.exists(), proc.stderr[-2000:]


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("browser")
    proc = run_cli("run", "--out", str(work / "out"), "--jobs", "1", "--quiet")
    assert proc.returncode == 0, proc.stderr
    proc = run_cli("report", str(work / "out"), "--out", str(work / "report.html"))
    assert proc.returncode == 0, proc.stderr
    return work / "report.html"


def test_the_sample_report_renders_with_data(sample_report: Path, tmp_path: Path) -> None:
    result = check_in_browser(sample_report, tmp_path)
    assert result["console"] == [] and result["problems"] == []
    assert result["boards"] >= 2 and result["plots"] >= 3  # type: ignore[operator]
    png = tmp_path / "report.png"
    screenshot(sample_report, png, tmp_path)
    pixels = image.imread(png)
    assert pixels.shape[:2] == (2000, 1280) and pixels.std() > 0.05  # not a blank page


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('<table class="leaderboard"><tbody><tr><td>1</td></tr></tbody></table>'
         "<script>notDefined();</script>", "console"),
        ('<table class="leaderboard"><tbody></tbody></table>', "leaderboard 1 is empty"),
        ('<table class="leaderboard"><tbody><tr><td>1</td></tr></tbody></table><div data-plot>'
         '<svg width="300" height="200"><g id="axes"><path d="M0 0 L9 9"/></g></svg></div>',
         "plot 1 draws no data"),
    ],
)  # fmt: skip
def test_the_check_catches_a_broken_page(body: str, problem: str, tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text(f"<!DOCTYPE html><html><body>{body}</body></html>")
    result = check_in_browser(page, tmp_path)
    if problem == "console":
        assert any("notDefined" in line for line in result["console"])  # type: ignore[attr-defined]
    else:
        assert problem in result["problems"]  # type: ignore[operator]
