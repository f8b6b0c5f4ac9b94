"""A Redis server for the test session: ``KAGAMI_TEST_REDIS_URL``, else a throwaway redis-server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from typing import IO

from kagami.testing.processes import stop_process
from tests.support import free_port

MISSING_REASON = (
    "redis-server not found: install it (Debian: apt-get install redis-server) "
    "or set KAGAMI_TEST_REDIS_URL"
)


def env_url() -> str | None:
    """The Redis URL given in the environment, if any."""
    return os.environ.get("KAGAMI_TEST_REDIS_URL") or None


def find_binary() -> str | None:
    """Path of redis-server on PATH, or None."""
    return shutil.which("redis-server")


def is_available() -> bool:
    """Whether a server can be had without starting anything."""
    return env_url() is not None or find_binary() is not None


@dataclass
class RedisProcess:
    """A redis-server child process on a free loopback port, persisting nothing."""

    process: subprocess.Popen[bytes]
    port: int
    log: IO[bytes]

    @property
    def url(self) -> str:
        """URL of the server's database 0."""
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        """Terminate the server and reap it."""
        stop_process(self.process, 10)
        self.log.close()


def start_server(binary: str) -> RedisProcess:
    """Start redis-server on a free port and wait until it answers PING."""
    for attempt in range(3):  # the free port may be taken before the server binds it
        try:
            return _start_on(binary, free_port())
        except RuntimeError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _start_on(binary: str, port: int, timeout: float = 20.0) -> RedisProcess:
    cmd = [
        binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
        "--daemonize", "no", "--loglevel", "warning",
    ]  # fmt: skip
    # A file, not a pipe: a full pipe would block the server. Closed by stop().
    log = tempfile.TemporaryFile()  # noqa: SIM115
    process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    server = RedisProcess(process=process, port=port, log=log)
    deadline = time.monotonic() + timeout
    while not _answers_as(port, process.pid):
        if process.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            output = log.read().decode(errors="replace")
            server.stop()
            raise RuntimeError(f"redis-server did not start on port {port}:\n{output}")
        time.sleep(0.02)
    return server


def _answers_as(port: int, pid: int) -> bool:
    """Whether the Redis on ``port`` is the process ``pid`` (not another xdist worker's)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"INFO server\r\n")
            answer = b""
            while b"process_id:" not in answer or not answer.endswith(b"\r\n"):
                chunk = sock.recv(4096)
                if not chunk:
                    break
                answer += chunk
    except OSError:
        return False
    return f"process_id:{pid}\r\n".encode() in answer
