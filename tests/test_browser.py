"""A real browser on the served corpus: `make serve` publishes the seed
database, headless Chromium opens the reading view of a seed document, and
the test checks the rendered page. The screenshot is kept in
tests/artifacts/ (`make test` installs Debian's chromium when it is missing).
"""
import json
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from contextlib import contextmanager

import pytest

from conftest import ROOT

from ingest.publish import free_port, wait_until_serving

ARTIFACTS = ROOT / "tests" / "artifacts"
DOCUMENT = "000_458cacc8d3f72fd7"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (`make browser` installs it)")]


@contextmanager
def make_serve(db, *variables: str):
    """`make serve` of ``db`` (with more Make ``variables``) on a free port."""
    # The raw directory's manifest is rewritten when another test left it
    # describing another directory; ``db`` is then made newer than it, so
    # that Make serves it as it is instead of rebuilding it from raw/.
    subprocess.run(["make", "--no-print-directory", "build/raw.manifest", *variables], cwd=ROOT, check=True,
                   capture_output=True)
    if os.path.exists(db):
        os.utime(db)
    port = free_port()
    proc = subprocess.Popen(["make", "--no-print-directory", "serve", f"DB={db}", f"PORT={port}", *variables],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_until_serving(url, proc, seconds=120)
        except RuntimeError as e:
            if proc.poll() is not None:
                pytest.fail(f"make serve: {e}: {proc.stdout.read().decode()[-2000:]}")
            pytest.fail(f"make serve: {e}")
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def served(seed_db, tmp_path_factory):
    """`make serve` on a copy of the seed database that is not called
    corpus.db: the reading view and saved queries must not depend on it."""
    db = tmp_path_factory.mktemp("serve") / "seeds-2013.db"
    shutil.copy(seed_db, db)
    with make_serve(db) as url:
        yield url


def _served_by(url: str) -> str | None:
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.headers.get("x-served-by")


def test_queries_of_ones_own_run_in_a_side_server_that_dies_with_the_main_one(seed_db, tmp_path):
    """A query that calls a Python function on every row holds the GIL of
    its process: `datasette serve` hands such requests to a second process
    (datasette_corpus/side_server.py), so ordinary pages do not wait."""
    db = tmp_path / "corpus.db"
    shutil.copy(seed_db, db)
    with make_serve(db) as url:
        own_sql = f"{url}/corpus.json?sql=select+count(*)+from+documents+where+fold(title)+like+'%25community%25'"
        deadline = time.monotonic() + 60
        while _served_by(own_sql) != "side-server" and time.monotonic() < deadline:
            time.sleep(0.5)  # the side server starts with the main one
        assert _served_by(own_sql) == "side-server"
        assert _served_by(f"{url}/corpus/documents.json") is None
        side = subprocess.run(["pgrep", "-f", "corpus-side-"], capture_output=True, text=True).stdout.split()
        assert len(side) == 1
        main = int(open(f"/proc/{side[0]}/stat").read().split(")")[-1].split()[1])  # its parent
        os.kill(main, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while os.path.exists(f"/proc/{side[0]}") and time.monotonic() < deadline:
            time.sleep(0.1)
        state = open(f"/proc/{side[0]}/stat").read().split(")")[-1].split()[0] if os.path.exists(
            f"/proc/{side[0]}") else "gone"
        assert state in ("gone", "Z")


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


def test_datasette_scripts_run_under_the_content_security_policy(served):
    with urllib.request.urlopen(f"{served}/corpus/documents") as r:
        policy = r.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    result = chromium("--enable-logging=stderr", "--v=0", "--dump-dom", f"{served}/corpus/documents")
    assert "dropdown-menu-icon" in result.stdout  # drawn by Datasette's table.js and its inline settings
    assert "Content Security Policy" not in result.stderr, result.stderr[-2000:]


def test_saved_queries_work_whatever_the_database_is_called(served):
    with urllib.request.urlopen(f"{served}/corpus/most_quoted_people.json?_shape=array") as r:
        assert json.load(r)


def test_a_javascript_address_is_no_link_in_chromium(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("Un billet du lundi\n\nLe community manager répond sur Twitter, explique "
                               "Marie Durand.\n", encoding="utf-8")
    (raw / "sources.csv").write_text("file,url,site\na.txt,javascript:alert(document.cookie),x\n",
                                     encoding="utf-8")
    with make_serve(tmp_path / "hostile.db", f"RAW={raw}") as url:
        dom = chromium("--dump-dom", f"{url}/corpus/documents/a").stdout
    assert '<article class="reading-view"' in dom
    assert "javascript:alert" in dom  # shown as text
    assert 'href="javascript:' not in dom


SEARCHES = ["e-réputation", "aujourd'hui", "peut-être", "2.0", '"community manager"', "&"]


@pytest.mark.parametrize("table", ["documents", "claims", "comments"])
def test_search_boxes_in_chromium(served, seed_db, table):
    """What each table's search box submits (its form's GET), as Chromium renders it: never an error, and
    rows where the texts hold the words; the plural finds what its singular finds."""
    import re
    import sqlite3
    from urllib.parse import quote
    texts = [t.lower() for (t,) in sqlite3.connect(seed_db).execute(f"select text from {table}")]

    def rows_of(q):
        dom = chromium("--dump-dom", f"{served}/corpus/{table}?_search={quote(q)}&_size=max").stdout
        assert "Invalid SQL" not in dom and ("rows-and-columns" in dom or "0 rows" in dom), (table, q)
        assert 'name="_search"' in dom  # the box is there, holding the query
        return len(re.findall(r'<tr>\s*<td class="type-pk', dom)) or len(re.findall(r"<tr>", dom)) - 1

    for q in SEARCHES:
        words = re.findall(r"\w+", q.lower())
        has_them = any(" ".join(re.findall(r"\w+", t)).find(" ".join(words)) >= 0 for t in texts) if words else False
        found = rows_of(q)
        assert found > 0 or not has_them, (table, q)
    assert rows_of("community managers") == rows_of("community manager")
    assert rows_of("stagiaires") == rows_of("stagiaire")


def test_person_page_and_concordance_in_chromium(served, seed_db):
    import sqlite3
    (herve,) = sqlite3.connect(seed_db).execute("select id from people where name = 'Jeremy Herve'").fetchone()
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path, expected in (("person_page", f"/corpus/people/{herve}", '<h1 class="corpus-heading">Jeremy Herve</h1>'),
                                 ("concordance", "/-/concordance?q=stagiaire", '<td class="match">')):
        shot = ARTIFACTS / f"{name}.png"
        shot.unlink(missing_ok=True)
        result = chromium("--window-size=1280,1600", f"--screenshot={shot}", served + path)
        assert shot.exists() and shot.stat().st_size > 20_000, result.stderr[-2000:]
        assert expected in chromium("--dump-dom", served + path).stdout


def png_pixels(path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of a PNG as Chromium writes it
    (8 bits per channel, not interlaced), with the standard library alone."""
    import struct
    import zlib
    data = path.read_bytes()
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride, rows, prev = zlib.decompress(idat), width * channels, [], bytearray(width * channels)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = prev[x], prev[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p_ = a + b - c
                pa, pb, pc = abs(p_ - a), abs(p_ - b), abs(p_ - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, [bytes(r[i] for i in range(len(r)) if i % channels < 3) for r in rows]


def test_mentions_in_context_stay_in_view_at_1280_px(tmp_path):
    """On a person's page the mentions in context are set between clipped
    contexts: each mention's highlight (#e3f0ff) is drawn inside the
    1280-pixel window, however long the sentence before it."""
    import sqlite3
    import sys
    raw = tmp_path / "raw"
    raw.mkdir()
    long_left = ("Dans une agence de communication qui travaille depuis des années pour des marques de "
                 "cosmétiques, de prêt-à-porter, de tourisme et de grande distribution, et qui a vu naître "
                 "avec les réseaux sociaux un métier que personne ne savait encore nommer, ") * 2
    (raw / "long.txt").write_text(f"Un métier à part\n\n{long_left}Claire Vasseur anime les pages Facebook.\n\n"
                                  f"{long_left}Claire Vasseur répond aux clients.\n", encoding="utf-8")
    db = tmp_path / "long.db"
    subprocess.run([sys.executable, "-m", "ingest", "build", "--raw-dir", str(raw), "--db", str(db),
                    "--no-curation", "--quiet"], cwd=ROOT, check=True, capture_output=True)
    (person, count) = sqlite3.connect(db).execute(
        "select p.id, count(*) from people p join mentions m on m.person_id = p.id"
        " where p.name = 'Claire Vasseur'").fetchone()
    shot = ARTIFACTS / "person_mentions.png"
    ARTIFACTS.mkdir(exist_ok=True)
    shot.unlink(missing_ok=True)
    with make_serve(db) as url:
        chromium("--window-size=1280,3000", f"--screenshot={shot}", f"{url}/corpus/people/{person}")
    width, _, rows = png_pixels(shot)
    highlight = bytes((0xe3, 0xf0, 0xff))
    lines = [y for y, r in enumerate(rows) if highlight * 6 in r]
    # a band is one mention's box: its letters may cut a line of it in two
    bands = sum(1 for k, y in enumerate(lines) if k == 0 or y > lines[k - 1] + 8)
    assert width == 1280 and count == 2 and bands == count, (bands, count)


def test_dashboard_draws_every_chart_with_links_to_its_rows(served, seed_db):
    """Each chart of /-/dashboard is drawn (an SVG with one mark per row of
    its query) and its marks link to the rows they count."""
    import sqlite3
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "dashboard.png"
    shot.unlink(missing_ok=True)
    result = chromium("--window-size=1280,2600", f"--screenshot={shot}", f"{served}/-/dashboard")
    assert shot.exists() and shot.stat().st_size > 30_000, result.stderr[-2000:]
    dom = chromium("--dump-dom", f"{served}/-/dashboard").stdout
    con = sqlite3.connect(seed_db)
    expected = {
        "documents": con.execute("select count(*) from (select year, genre from documents group by 1, 2)").fetchone()[0],
        "topics": con.execute("select count(*) from (select d.year, c.topic from claims c "
                              "join documents d on d.id = c.document_id group by 1, 2)").fetchone()[0],
        "people": min(15, con.execute("select count(distinct person_id) from claims").fetchone()[0]),
        "organizations": min(15, con.execute("select count(*) from organizations").fetchone()[0])}
    for name, marks in expected.items():
        figure = re.search(rf'<figure class="chart" id="chart-{name}".*?</figure>', dom, re.S)
        assert figure, name
        svg = re.search(r"<svg.*?</svg>", figure.group(0), re.S)
        assert svg, name
        links = re.findall(rf'<a [^>]*href="{re.escape(served)}(/corpus/[^"]+)"[^>]*>\s*<path', svg.group(0))
        assert len(links) == marks > 0, (name, len(links), marks)
    # A bar of the people chart opens that person's page.
    first = re.search(rf'id="chart-people".*?<a [^>]*href="{re.escape(served)}(/corpus/people/\d+)"', dom, re.S).group(1)
    with urllib.request.urlopen(served + first) as r:
        assert r.status == 200
