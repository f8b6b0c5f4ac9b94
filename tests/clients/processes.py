"""Driver processes: one per client library and session, in the library's own venv."""

from __future__ import annotations

import json
import os
import select
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kagami.testing.processes import stop_process

DRIVERS = Path(__file__).parent / "drivers"
ANSWER_TIMEOUT = 120.0
# The client's venv alone decides what it imports.
_CLIENT_ENV = {
    k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
}


class DriverFailed(AssertionError):
    """The library raised (or its driver died): the message holds its traceback and output."""


@dataclass
class DriverProcess:
    """A running driver: send it a request, read back its one-line JSON answer."""

    label: str
    process: subprocess.Popen[str]
    output: IO[str]  # the library's own prints and warnings

    @classmethod
    def start(cls, label: str, python: Path, driver: str) -> DriverProcess:
        """Start ``driver`` under the venv's ``python``."""
        output = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed by stop()
        process = subprocess.Popen(
            [str(python), str(DRIVERS / driver)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=output,
            env=_CLIENT_ENV,
            text=True,
        )
        return cls(label, process, output)

    def ask(self, request: dict[str, Any]) -> Any:
        """The driver's result for ``request``; raises DriverFailed with its traceback."""
        assert self.process.stdin is not None and self.process.stdout is not None
        mark = self._output_size()
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            raise DriverFailed(f"{self.label} driver has exited:\n{self._output()}") from None
        ready, _, _ = select.select([self.process.stdout], [], [], ANSWER_TIMEOUT)
        line = self.process.stdout.readline() if ready else ""
        if not line:
            raise DriverFailed(f"{self.label} driver gave no answer:\n{self._output(mark)}")
        answer = json.loads(line)
        if "error" in answer:
            printed = self._output(mark)
            raise DriverFailed(
                f"{self.label} {request['op']} failed:\n{answer['error'][-3000:]}"
                + (f"\nthe library printed:\n{printed[-2000:]}" if printed else "")
            )
        return answer["ok"]

    def stop(self) -> None:
        """Close its stdin (it exits when stdin ends) and reap it."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        stop_process(self.process, 10, terminate=False)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.output.close()

    def _output_size(self) -> int:
        self.output.seek(0, os.SEEK_END)
        return self.output.tell()

    def _output(self, start: int = 0) -> str:
        self.output.seek(start)
        return self.output.read()
