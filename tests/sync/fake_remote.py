"""A tiny misbehaving HTTP server (a real one, on loopback) for the cases a Kagami never
answers: 429s, rate-limit headers, garbage, silence."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# (status, headers, body) for one request, given its parsed JSON body (or None).
Answer = tuple[int, dict[str, str], bytes]
Behaviour = Callable[[int, Any], Answer]


def graphql(data: dict[str, Any], status: int = 200, **headers: str) -> Answer:
    """A GraphQL answer with ``data``."""
    body = json.dumps({"data": data}).encode()
    return status, {"Content-Type": "application/json", **headers}, body


def empty_list(_n: int, request: Any) -> Answer:
    """An AniList remote whose viewer has nothing on their lists."""
    query = (request or {}).get("query", "")
    if "Viewer" in query:
        return graphql({"Viewer": {"id": 7, "name": "someone"}})
    return graphql({"MediaListCollection": {"hasNextChunk": False, "lists": []}})


@contextmanager
def fake_remote(behaviour: Behaviour) -> Iterator[tuple[str, list[float]]]:
    """Serve ``behaviour`` (called with the request's number and JSON body) on a free port;
    yields the base URL and the monotonic arrival time of each request."""
    arrivals: list[float] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                request = json.loads(raw) if raw else None
            except ValueError:
                request = None
            arrivals.append(time.monotonic())
            status, headers, body = behaviour(len(arrivals), request)
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout test)

        do_GET = do_POST = do_PATCH = do_DELETE = _answer

        def log_message(self, *_args: Any) -> None:
            """Quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", arrivals
    finally:
        server.shutdown()
        server.server_close()
