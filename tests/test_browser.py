"""A real browser on the served corpus: `make serve` publishes the seed
database, headless Chromium opens the reading view of a seed document, and
the test checks the rendered page. The screenshot is kept in
tests/artifacts/ (`make test` installs Debian's chromium when it is missing).
"""
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from conftest import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
DOCUMENT = "000_458cacc8d3f72fd7"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (`make browser` installs it)")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(seed_db, tmp_path_factory):
    """`make serve` on the seed database, on a free port."""
    port = free_port()
    inspect = tmp_path_factory.mktemp("serve") / "inspect.json"
    proc = subprocess.Popen(["make", "--no-print-directory", "serve", f"DB={seed_db}", f"INSPECT={inspect}",
                             f"PORT={port}"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(url + "/-/versions.json", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"make serve exited: {proc.stdout.read().decode()[-2000:]}")
                time.sleep(0.5)
        else:
            pytest.fail("make serve did not answer within 60 s")
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


def chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                           "--hide-scrollbars", *args], capture_output=True, text=True, timeout=120)


def test_reading_view_in_chromium(served):
    url = f"{served}/corpus/documents/{DOCUMENT}"
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "reading_view.png"
    shot.unlink(missing_ok=True)
    result = chromium("--window-size=1280,2200", f"--screenshot={shot}", url)
    assert shot.exists() and shot.stat().st_size > 20_000, result.stderr[-2000:]
    dom = chromium("--dump-dom", url).stdout
    assert '<article class="reading-view" id="reading-view">' in dom
    assert "Community Manager et expatrié" in dom
    assert dom.count('class="mention person"') >= 5 and dom.count('class="mention organization"') >= 3
    assert 'data-speaker="Jeremy Herve"' in dom
    assert "Links from other tables" in dom  # Datasette's own row page is still there
