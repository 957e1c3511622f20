"""An exam rush, open loop: learners arrive on a schedule, whatever the server answers (issue 12).

wrk is a closed loop: each connection waits for its answer before it asks again, so a slow server is asked
less and its queue never shows. Here arrival n is due at `n / rate` seconds, and its latency is counted from
that moment, not from when the client got round to sending it (no coordinated omission): a learner who
clicked Start at 9:00:00.5 waited from then. Each arrival is a distinct learner starting the assessment
(`POST /api/v1/assessments/{id}/attempts`, the bench's deliver key) on a new connection, as browsers behind
an LMS would; stdlib asyncio only, one process.

Reports the arrivals, answers by status, errors (no answer in `--timeout`, refused, reset: status 0), p50,
p99 and max latency, the time of the last answer after the last arrival, and the starts per second served.

Usage (after bench/setup.sh, with a server on --port; bench/run_rush.sh starts the servers):
    (source bench/env.sh && .venv/bin/python bench/rush.py --port 18081 --rate 200 --seconds 10)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


async def _start(host: str, port: int, path: str, key: str, learner: str, timeout: float) -> int:
    body = json.dumps({"learner_id": learner}).encode()
    request = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {key}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode() + body

    async def exchange() -> int:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            writer.write(request)
            await writer.drain()
            status = int((await reader.readline()).split()[1])
            await reader.read()  # the rest, to the server's close: the whole answer arrived
            return status
        finally:
            writer.close()

    try:
        return await asyncio.wait_for(exchange(), timeout)
    except (TimeoutError, OSError, IndexError, ValueError):
        return 0


async def rush(host: str, port: int, rate: float, seconds: float, run: str, timeout: float) -> dict:
    setup = (ROOT / "bench" / "out" / "setup.env").read_text().splitlines()
    settings = dict(line.strip().split("=", 1) for line in setup if "=" in line)
    path = f"/api/v1/assessments/{settings['ASSESSMENT_ID']}/attempts"
    count = round(rate * seconds)
    results: list[tuple[float, float, int]] = []  # (due, answered, status), seconds from the first arrival

    async def learner(n: int, due: float, began: float) -> None:
        status = await _start(host, port, path, settings["API_KEY"], f"rush-{run}-{n}", timeout)
        results.append((due, time.perf_counter() - began, status))

    began = time.perf_counter()
    tasks = []
    for n in range(count):
        due = n / rate
        delay = due - (time.perf_counter() - began)
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(learner(n, due, began)))
    await asyncio.gather(*tasks)
    latencies = sorted(answered - due for due, answered, status in results if 200 <= status < 300)
    statuses = Counter(status for _due, _answered, status in results)
    last_arrival = (count - 1) / rate
    last_answer = max(answered for _due, answered, _status in results)
    quantile = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else latencies * 99
    return {
        "rate": rate,
        "arrivals": count,
        "ok": sum(n for status, n in statuses.items() if 200 <= status < 300),
        "errors": sum(n for status, n in statuses.items() if not 200 <= status < 300),
        "statuses": dict(sorted(statuses.items())),
        "p50_s": round(statistics.median(latencies), 3) if latencies else None,
        "p99_s": round(quantile[98], 3) if latencies else None,
        "max_s": round(latencies[-1], 3) if latencies else None,
        "last_answer_after_last_arrival_s": round(last_answer - last_arrival, 3),
        "served_per_s": round(len(latencies) / last_answer, 1) if last_answer else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("APP_PORT", "18081")))
    parser.add_argument("--rate", type=float, default=200, help="arrivals per second")
    parser.add_argument("--seconds", type=float, default=10, help="how long learners keep arriving")
    parser.add_argument("--timeout", type=float, default=120, help="seconds a learner waits for an answer")
    parser.add_argument("--run", default=str(int(time.time())), help="learner ids rush-<run>-<n>: all fresh")
    parser.add_argument("--label", default="", help="printed with the result (the server's configuration)")
    args = parser.parse_args()
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # one socket per learner in flight
    result = asyncio.run(rush(args.host, args.port, args.rate, args.seconds, args.run, args.timeout))
    print("RUSH " + " ".join(f"{k}={v}" for k, v in {"label": args.label, **result}.items()).replace(", ", ","))


if __name__ == "__main__":
    main()
