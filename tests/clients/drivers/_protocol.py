"""What every driver shares: answer JSON requests, one per line on stdin, one per line on stdout.

Runs inside a client library's own venv (never Kagami's), so it imports nothing from Kagami.
A request is ``{"op": ..., "base_url": ..., ...}``; the answer is ``{"ok": <result>}`` or
``{"error": <traceback>}``. One process serves a whole test session, so the interpreter and
the library start once.
"""

from __future__ import annotations

import contextlib
import json
import sys
import traceback
from collections.abc import Callable
from typing import Any

Handler = Callable[[dict[str, Any]], Any]


def run(handlers: dict[str, Handler]) -> None:
    """Serve requests until stdin closes."""
    for line in sys.stdin:
        request = json.loads(line)
        try:
            with contextlib.redirect_stdout(sys.stderr):  # some libraries print progress
                answer: dict[str, Any] = {"ok": handlers[request["op"]](request)}
        except (Exception, SystemExit):
            answer = {"error": traceback.format_exc()}
        sys.stdout.write(json.dumps(answer, default=str) + "\n")
        sys.stdout.flush()
