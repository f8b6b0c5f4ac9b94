"""Throwaway PostgreSQL and Redis servers for the load bench, reached over Unix sockets.

Sockets in a private directory rather than TCP ports: nothing to pick, so no port another
process can take between choosing it and binding it. The HTTP load itself is on loopback.
PostgreSQL runs with fsync off, as in the test suite: the bench measures Kagami, not the disk.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from kagami.testing.processes import stop_process

_FAST_UNSAFE = ("fsync=off", "synchronous_commit=off", "full_page_writes=off")


def _scratch() -> Path:
    """A private directory, on /dev/shm when it is there (sockets and PostgreSQL's files)."""
    base = "/dev/shm" if os.access("/dev/shm", os.W_OK | os.X_OK) else tempfile.gettempdir()
    return Path(tempfile.mkdtemp(prefix="kagami-load-", dir=base))


def postgres_bindir() -> Path:
    """The newest installed PostgreSQL server's bin directory (KAGAMI_TEST_POSTGRES_BINDIR wins)."""
    override = os.environ.get("KAGAMI_TEST_POSTGRES_BINDIR")
    found = [override] if override else sorted(glob.glob("/usr/lib/postgresql/*/bin"))[::-1]
    on_path = shutil.which("pg_ctl")
    if on_path and not override:
        found.insert(0, str(Path(on_path).resolve().parent))
    for directory in found:
        if all(os.access(Path(directory) / name, os.X_OK) for name in ("initdb", "pg_ctl")):
            return Path(directory)
    raise SystemExit("PostgreSQL server binaries not found (apt-get install postgresql)")


@dataclass
class Postgres:
    """A cluster listening only on a Unix socket in ``root``."""

    bindir: Path
    root: Path
    as_user: list[str]

    @property
    def admin_dsn(self) -> str:
        """asyncpg DSN of the ``postgres`` database as superuser."""
        return f"postgresql://postgres@/postgres?host={self.root}"

    @property
    def pid(self) -> int:
        """The postmaster's process id (every backend is its child)."""
        return int((self.root / "data" / "postmaster.pid").read_text().split()[0])

    def url(self, database: str) -> str:
        """SQLAlchemy URL of ``database`` for Kagami."""
        return f"postgresql+asyncpg://postgres@/{database}?host={self.root}"

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [*self.as_user, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL
        )
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed:\n{done.stdout}{done.stderr}")

    def stop(self) -> None:
        """Stop at once (nothing here needs to survive) and delete the directory."""
        try:
            self._run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.root / "data"),
                "-m",
                "immediate",
                "-w",
                "stop",
            )
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_postgres(max_connections: int = 300) -> Postgres:
    """initdb and start a cluster; as the ``postgres`` OS user when we are root."""
    bindir = postgres_bindir()
    as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    root = _scratch()
    if as_user:
        shutil.chown(root, user="postgres")
    cluster = Postgres(bindir, root, as_user)
    data = root / "data"
    try:
        cluster._run(
            str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )  # fmt: skip
        settings = [
            "listen_addresses=''",
            f"unix_socket_directories={root}",
            f"max_connections={max_connections}",
            "shared_buffers=128MB",
            *_FAST_UNSAFE,
        ]
        options = " ".join(f"-c {s}" for s in settings)
        log = str(root / "server.log")
        pg_ctl = str(bindir / "pg_ctl")
        cluster._run(pg_ctl, "-D", str(data), "-l", log, "-o", options, "-w", "-t", "60", "start")
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return cluster


@dataclass
class Redis:
    """A redis-server child listening only on a Unix socket, persisting nothing."""

    process: subprocess.Popen[bytes]
    root: Path

    @property
    def socket_path(self) -> Path:
        """The server's socket."""
        return self.root / "redis.sock"

    @property
    def url(self) -> str:
        """The URL Kagami's ``KAGAMI_REDIS_URL`` takes."""
        return f"redis+unix://{self.socket_path}?db=0"

    def command(self, *words: str) -> str:
        """One inline command's raw reply (enough for PING and INFO)."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.settimeout(5)
            sock.connect(str(self.socket_path))
            sock.sendall((" ".join(words) + "\r\n").encode())
            reply = b""
            while True:
                chunk = sock.recv(65536)
                reply += chunk
                if not chunk or _complete(reply):
                    return reply.decode(errors="replace")

    def info(self, section: str) -> dict[str, str]:
        """``INFO section`` as a mapping."""
        lines = self.command("INFO", section).splitlines()[1:]
        return dict(line.split(":", 1) for line in lines if ":" in line)

    def stop(self) -> None:
        """Terminate the server and delete its directory."""
        stop_process(self.process, 10)
        shutil.rmtree(self.root, ignore_errors=True)


def _complete(reply: bytes) -> bool:
    """Whether a RESP simple or bulk reply has fully arrived."""
    if reply.startswith(b"$"):
        header, _, body = reply.partition(b"\r\n")
        return len(body) >= int(header[1:]) + 2
    return reply.endswith(b"\r\n")


def start_redis(timeout: float = 20.0) -> Redis:
    """Start redis-server (no TCP port) and wait until it answers PING."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server not found (apt-get install redis-server)")
    root = _scratch()
    command = [
        binary, "--port", "0", "--unixsocket", str(root / "redis.sock"), "--unixsocketperm", "700",
        "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning",
    ]  # fmt: skip
    log = (root / "redis.log").open("wb")
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT
    )
    log.close()
    server = Redis(process, root)
    deadline = time.monotonic() + timeout
    while True:
        try:
            if server.command("PING").startswith("+PONG"):
                return server
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            output = (root / "redis.log").read_text(errors="replace")
            server.stop()
            raise RuntimeError(f"redis-server did not start:\n{output}")
        time.sleep(0.02)
