"""Run a command; print its wall time and peak memory (RSS) as JSON.

    python bench/measure.py -- python -m ingest build ...

Peak RSS is ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` after the command
exits: the largest resident set of the command or of any process it
started and waited for (build workers included).
"""
import json
import resource
import subprocess
import sys
import time


def main() -> int:
    cmd = sys.argv[sys.argv.index("--") + 1:]
    started = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": round(seconds, 3), "peak_rss_mb": round(peak_kb / 1024, 1),
                      "returncode": proc.returncode, "stderr_tail": proc.stderr[-1500:]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
