"""A load generator for the check-in endpoint, run as its own process when wrk is not
installed: ``python -m naikkelas.events.benchmarks.checkin_load URL TOKEN SECONDS CODES``.
16 threads, each with a keep-alive connection, a new idempotency key per scan. Prints JSON.
Plain Python (no Django): it only sends requests to the server on the loopback."""

from __future__ import annotations

import http.client
import json
import sys
import threading
import time
import urllib.parse


def main(url: str, token: str, seconds: float, path: str, threads: int = 16) -> dict[str, int]:
    payloads = open(path, encoding="utf-8").read().split()  # noqa: SIM115
    target = urllib.parse.urlsplit(url)
    done = [0, 0]
    lock = threading.Lock()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}

    def run(number: int) -> None:
        connection = http.client.HTTPConnection(target.hostname or "127.0.0.1", target.port)
        sent = 0
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            sent += 1
            code = payloads[(sent * 7919 + number) % len(payloads)]
            body = json.dumps({"code": code, "key": f"p{number}-{sent}", "device": "py"})
            connection.request("POST", target.path, body, headers)
            response = connection.getresponse()
            response.read()
            with lock:
                done[0] += 1
                done[1] += response.status != 200

    pool = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return {"requests": done[0], "errors": done[1]}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4])))
