"""Slow clients against a server: N clients send a request's headers and half its body and stop; meanwhile 20
health checks, one at a time, each allowed 3 s. Prints how many were answered and the slowest.

    .venv/bin/python bench/slow_clients.py PORT N      # loopback only; the server is yours to start (bench/README.md)
"""

from __future__ import annotations

import socket
import sys
import time
import urllib.request

HALF_A_BODY = (
    b"PUT /api/v1/attempts/1/questions/1/response HTTP/1.1\r\nHost: bench\r\n"
    b"Content-Type: application/json\r\nContent-Length: 200\r\n\r\n"
    b'{"resp'
)


def main(port: int, clients: int) -> None:
    if not 0 <= clients <= 200:
        sys.exit("0-200 slow clients")
    slow = [socket.create_connection(("127.0.0.1", port)) for _ in range(clients)]
    try:
        for client in slow:
            client.sendall(HALF_A_BODY)
        time.sleep(0.5)  # every one of them is inside the server now, its body being read
        waits, failed = [], 0
        for _ in range(20):
            began = time.monotonic()
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/health", timeout=3).read()
                waits.append(time.monotonic() - began)
            except OSError:
                failed += 1
    finally:
        for client in slow:
            client.close()
    slowest = f"{max(waits) * 1000:.0f} ms" if waits else "-"
    print(
        f"port {port}: {clients} slow clients; 20 health checks: {len(waits)} answered, {failed} timed out; {slowest}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
