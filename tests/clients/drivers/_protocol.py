"""What every driver shares: read one request from argv, print one JSON answer on stdout.

Runs inside a client library's own venv (never Kagami's), so it imports nothing from Kagami.
The request is ``{"op": ..., "base_url": ..., ...}``; each driver maps ops to functions.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable
from typing import Any

Handler = Callable[[dict[str, Any]], Any]


def run(handlers: dict[str, Handler]) -> None:
    """Answer the request in ``sys.argv[1]`` with the handler for its ``op``."""
    request = json.loads(sys.argv[1])
    with contextlib.redirect_stdout(sys.stderr):  # some libraries print progress
        answer = handlers[request["op"]](request)
    json.dump(answer, sys.stdout, default=str)
    sys.stdout.write("\n")
