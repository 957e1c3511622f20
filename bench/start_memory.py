"""A worker's memory over 100,000 starts: every cache a start fills must be bounded (issue 12).

In process, not over HTTP (an HTTP run of 100,000 starts takes this machine most of an hour; the worker's code
path is the same): the product's WSGI app called directly, as `bench/start_path.py` calls it, one fresh
learner per start, as a gunicorn worker would serve them. Prints the resident set size (VmRSS) after a
`gc.collect()` at each checkpoint, the size of the delivered-material cache, and RSS at the end against RSS
after 1,000 starts (goal: within 10%).

Use a database of its own, so the load runs keep theirs (it leaves 100,000 attempts behind):
    BENCH_DB=assess_memory BENCH_OUT=/tmp/assess-memory bench/setup.sh
    (BENCH_DB=assess_memory BENCH_OUT=/tmp/assess-memory; source bench/env.sh && \\
        .venv/bin/python bench/start_memory.py 100000)
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from start_path import Starts

from assess.delivery.material import MATERIAL


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def main(total: int) -> None:
    checkpoints = {1_000, total, *range(5_000, total, 5_000)}
    starts = Starts()
    began = time.perf_counter()
    at_first = None
    for n in range(1, total + 1):
        starts.start(False)
        if n in checkpoints:
            gc.collect()
            rss = rss_kib()
            at_first = at_first or rss
            print(
                f"MEMORY starts={n} rss_kib={rss} vs_1000={rss / at_first:.3f} material={len(MATERIAL)} "
                f"elapsed_s={time.perf_counter() - began:.0f} load={os.getloadavg()[0]:.2f}",
                flush=True,
            )
    final = rss_kib()
    print(f"MEMORY rss after {total} starts / after 1000: {final / at_first:.3f} (goal <= 1.10)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
