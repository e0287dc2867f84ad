"""How the build talks: a progress bar with the time left on a terminal, a
line per file in logs, the summary alone with --quiet."""
import fcntl
import os
from pathlib import Path
import pty
import shutil
import struct
import subprocess
import sys
import termios

import pytest

from tests.conftest import RAW, ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def raw(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    for name in sorted(p.name for p in RAW.glob("*.txt"))[:2]:
        shutil.copy(RAW / name, raw / name)
    return raw


def build_command(raw, db, *flags):
    return [sys.executable, "-m", "ingest", "build", "--raw-dir", str(raw), "--db", str(db), "--no-cache", *flags]


def on_a_terminal(command) -> str:
    """What ``command`` writes when its output is a terminal 100 columns wide."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    proc = subprocess.Popen(command, cwd=ROOT, stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the other end is closed
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=300)
    os.close(leader)
    assert proc.returncode == 0, out.decode(errors="replace")
    return out.decode(errors="replace")


def test_a_terminal_sees_a_progress_bar_with_the_time_left(raw, tmp_path):
    out = on_a_terminal(build_command(raw, tmp_path / "a.db"))
    assert "analysing: 100%" in out and "2/2 [" in out and "<" in out  # elapsed<left
    assert "[1/2]" not in out  # no line per file
    assert "built " in out


def test_verbose_on_a_terminal_and_any_log_get_a_line_per_file(raw, tmp_path):
    out = on_a_terminal(build_command(raw, tmp_path / "b.db", "--verbose"))
    assert "[1/2]" in out and "[2/2]" in out and "analysing:" not in out
    logged = subprocess.run(build_command(raw, tmp_path / "c.db"), cwd=ROOT, capture_output=True, text=True)
    assert "[1/2]" in logged.stderr and "[2/2]" in logged.stderr and "analysing:" not in logged.stderr


def test_quiet_says_only_the_summary(raw, tmp_path):
    quiet = subprocess.run(build_command(raw, tmp_path / "d.db", "--quiet"), cwd=ROOT, capture_output=True, text=True)
    assert quiet.stderr.strip().splitlines() == ["2 documents, 0 comments, 0 skipped, 0 warnings"]


def test_the_package_installed_not_editable_builds_the_seeds_from_anywhere(seed_db, tmp_path):
    """`pip install .` (a wheel, not a link to this tree) carries schema/ and
    the registry: built from another directory, the seeds give the very
    tables of the source tree's build. The dependencies are the project
    environment's, seen through a path file, so nothing is downloaded."""
    import sysconfig

    from tests.conftest import RAW
    from tests.test_incremental import dump

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    wheels = tmp_path / "wheels"
    made = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                           "--wheel-dir", str(wheels), str(ROOT)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr[-3000:]
    (wheel,) = wheels.glob("*.whl")
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                                "--no-deps", str(wheel)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stderr[-3000:]
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
    (Path(purelib) / "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run([str(python), "-c", "import ingest; print(ingest.__file__)"], cwd=elsewhere,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert where.startswith(purelib), where  # the installed copy, not this tree
    built = subprocess.run([str(python), "-m", "ingest", "build", "--raw-dir", str(RAW), "--db", "corpus.db",
                            "--quiet", "--no-cache"], cwd=elsewhere, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-3000:]
    assert dump(elsewhere / "corpus.db") == dump(seed_db)
    for shipped in ("schema/schema.sql", "schema/search.sql", "schema/views.sql", "annotations/registry.yml"):
        assert (Path(purelib) / "ingest" / shipped).read_bytes() == (ROOT / shipped).read_bytes(), shipped
