"""Publishing: the Datasette metadata file, from its two sources.

``metadata.yml`` describes the corpus (title, licence, a description of every
table and column); ``datasette.yml`` configures how it is served (facets,
sorting, search, saved queries). Datasette 0.x reads a single metadata file,
so this module merges the two; with Datasette 1.0 they map onto
``metadata.yml`` and ``datasette.yaml`` as they are.

    python -m ingest.publish [--metadata metadata.yml] [--config datasette.yml] -o build/metadata.json

It also has the two helpers that the benchmarks and the browser tests use
to serve a database as `make serve` does: a free port, and the wait until
the server answers.
"""
from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def deep_merge(a: dict, b: dict) -> dict:
    """``a`` updated with ``b``, nested dictionaries merged key by key."""
    out = dict(a)
    for k, v in b.items():
        out[k] = deep_merge(out[k], v) if isinstance(out.get(k), dict) and isinstance(v, dict) else v
    return out


def merged_metadata(metadata: Path = ROOT / "metadata.yml", config: Path = ROOT / "datasette.yml") -> dict:
    """The metadata Datasette 0.x reads: descriptions and configuration in one."""
    descriptive = yaml.safe_load(Path(metadata).read_text(encoding="utf-8")) or {}
    configuration = yaml.safe_load(Path(config).read_text(encoding="utf-8")) or {}
    return deep_merge(descriptive, configuration)


def free_port() -> int:
    """A loopback port no one listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    """Return once Datasette at ``url`` answers; raise RuntimeError when
    ``process`` (the server, or the Make that starts it) exits first or
    ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url + "/-/versions.json", timeout=1).close()
            return
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with status {process.returncode} before answering")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer on {url} within {seconds:.0f} s")
            time.sleep(0.5)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingest.publish", description=__doc__.split("\n\n")[0])
    parser.add_argument("--metadata", type=Path, default=ROOT / "metadata.yml")
    parser.add_argument("--config", type=Path, default=ROOT / "datasette.yml")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(merged_metadata(args.metadata, args.config), ensure_ascii=False, indent=1),
                           encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
