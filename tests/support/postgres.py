"""A PostgreSQL server for the test session, and a fresh database per test.

Resolution order:
1. ``KAGAMI_TEST_POSTGRES_URL`` (an admin URL, e.g. ``postgresql://postgres@127.0.0.1:5432/postgres``);
2. a throwaway cluster in a temp dir, started from server binaries found via
   ``KAGAMI_TEST_POSTGRES_BINDIR``, ``PATH`` or ``/usr/lib/postgresql/*/bin``;
3. otherwise the tests that need it are skipped with ``MISSING_REASON``.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.support import free_port

MISSING_REASON = (
    "PostgreSQL server not found: install it (Debian: apt-get install postgresql) "
    "or set KAGAMI_TEST_POSTGRES_URL"
)
_BINARIES = ("initdb", "pg_ctl", "postgres")
_FAST_UNSAFE = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


def env_url() -> str | None:
    """The admin URL given in the environment, if any."""
    return os.environ.get("KAGAMI_TEST_POSTGRES_URL") or None


def find_bindir() -> Path | None:
    """The directory holding working initdb, pg_ctl and postgres, or None."""
    override = os.environ.get("KAGAMI_TEST_POSTGRES_BINDIR")
    if override is not None:
        candidates = [Path(override)]
    else:
        candidates = []
        on_path = shutil.which("pg_ctl")
        if on_path:
            # Debian's /usr/bin wrappers and dev symlinks both resolve to the real bin dir.
            candidates.append(Path(on_path).resolve().parent)
        versions = glob.glob("/usr/lib/postgresql/*/bin")
        candidates += sorted((Path(p) for p in versions), key=_version_key, reverse=True)
    for directory in candidates:
        if all(os.access(directory / name, os.X_OK) for name in _BINARIES) and _works(directory):
            return directory
    return None


def is_available() -> bool:
    """Whether a server can be had without starting anything (cheap: used at collection)."""
    return env_url() is not None or find_bindir() is not None


def _version_key(path: Path) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in path.parent.name.split("."))
    except ValueError:
        return (0,)


def _works(directory: Path) -> bool:
    try:
        out = subprocess.run(
            [str(directory / "postgres"), "--version"], capture_output=True, text=True, timeout=10
        )
    except OSError:
        return False
    return out.returncode == 0 and "PostgreSQL" in out.stdout


@dataclass
class Cluster:
    """A throwaway cluster: temp dir, port, and how to stop it."""

    bindir: Path
    root: Path
    port: int
    as_user: list[str]
    settings: str = _FAST_UNSAFE  # durable clusters (crash tests) pass ""

    @property
    def admin_url(self) -> str:
        """Admin URL (trust auth, superuser ``postgres``)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        cmd = [*self.as_user, *args]
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL
        )
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-4000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stdout}{done.stderr}\n{tail}")

    def start(self) -> None:
        """initdb then start; waits until the server accepts connections."""
        data = self.root / "data"
        self._run(
            str(self.bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )  # fmt: skip
        for attempt in range(3):  # the free port may be taken before the server binds it
            try:
                self.launch()
                return
            except RuntimeError:
                if attempt == 2:
                    raise
                self.port = free_port()

    def launch(self) -> None:
        """``pg_ctl start`` on the existing data dir (again, after ``halt``), on its port."""
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.root} -c max_connections=200 "
            f"-c max_wal_size=512MB {self.settings}"
        )
        log = str(self.root / "server.log")
        pg_ctl = str(self.bindir / "pg_ctl")
        data = str(self.root / "data")
        self._run(pg_ctl, "-D", data, "-l", log, "-o", options, "-w", "-t", "60", "start")

    def halt(self, mode: str = "fast") -> None:
        """``pg_ctl stop -m MODE``, keeping the data dir for ``launch``."""
        data = str(self.root / "data")
        self._run(str(self.bindir / "pg_ctl"), "-D", data, "-m", mode, "-w", "stop")

    def postmaster_pid(self) -> int:
        """The running postmaster's process id (first line of postmaster.pid)."""
        return int((self.root / "data" / "postmaster.pid").read_text().split()[0])

    def stop(self) -> None:
        """Stop the server (immediately: nothing here needs to survive) and delete the dir."""
        try:
            self.halt("immediate")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def _fast_tmp() -> str | None:
    """/dev/shm when it is a roomy tmpfs: CREATE DATABASE took ~30 ms there, ~200 ms on disk."""
    shm = "/dev/shm"
    try:
        roomy = shutil.disk_usage(shm).free >= 2 * 1024**3
    except OSError:
        return None
    return shm if roomy and os.access(shm, os.W_OK | os.X_OK) else None


def start_cluster(bindir: Path, *, durable: bool = False) -> Cluster:
    """Start a cluster on a free loopback port; as the ``postgres`` OS user when we are root.

    ``durable`` keeps PostgreSQL's own fsync and synchronous commit (crash tests): the
    default trades them for speed, which loses committed transactions on a kill -9.
    """
    base = _fast_tmp() or tempfile.gettempdir()
    as_user: list[str] = []
    if os.geteuid() == 0:
        # PostgreSQL refuses to run as root.
        as_user = [shutil.which("runuser") or "/usr/sbin/runuser", "-u", "postgres", "--"]
    _reap_orphans(bindir, base, as_user)
    root = Path(tempfile.mkdtemp(prefix="kagami-pg-", dir=base))
    (root / "owner.pid").write_text(str(os.getpid()))
    if as_user:
        shutil.chown(root, user="postgres", group=None)
    settings = "" if durable else _FAST_UNSAFE
    cluster = Cluster(bindir, root, free_port(), as_user, settings)
    try:
        cluster.start()
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return cluster


def _reap_orphans(bindir: Path, base: str, as_user: list[str]) -> None:
    """Stop and delete clusters left behind by test sessions that were killed."""
    for owner_file in Path(base).glob("kagami-pg-*/owner.pid"):
        try:
            os.kill(int(owner_file.read_text()), 0)
            continue  # its session is still running
        except ProcessLookupError:
            pass
        except (ValueError, OSError):
            continue
        root = owner_file.parent
        cluster = Cluster(bindir=bindir, root=root, port=0, as_user=as_user)
        try:
            cluster.stop()
        except (RuntimeError, OSError, subprocess.SubprocessError):
            shutil.rmtree(root, ignore_errors=True)


async def create_database(admin_url: str, template: str = "template0") -> str:
    """Create ``kagami_test_<random>`` with pg_trgm; return its ``postgresql+asyncpg`` URL.

    ``template`` may be a database made by ``create_template`` (already holding pg_trgm).
    """
    import asyncpg

    name = f"kagami_test_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(admin_url)
    try:
        # FILE_COPY (PostgreSQL 15+) copies files instead of pushing every block through the WAL.
        strategy = " STRATEGY FILE_COPY" if conn.get_server_version().major >= 15 else ""
        await conn.execute(f"CREATE DATABASE {name} TEMPLATE {template} ENCODING 'UTF8'{strategy}")
    finally:
        await conn.close()
    url = _with_database(admin_url, name)
    if template == "template0":
        conn = await asyncpg.connect(url)
        try:
            await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        finally:
            await conn.close()
    return url.replace("postgresql://", "postgresql+asyncpg://", 1)


async def create_template(admin_url: str) -> str:
    """A template database (from template0, with pg_trgm) to clone per test; returns its name."""
    return await mark_template(admin_url, await create_database(admin_url))


async def mark_template(admin_url: str, url_or_name: str) -> str:
    """Make a database made here a template (no connections allowed); returns its name.

    Every connection to it must be closed first: ``CREATE DATABASE ... TEMPLATE`` needs that.
    """
    import asyncpg

    name = _database_name(url_or_name)
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f"ALTER DATABASE {name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false")
    finally:
        await conn.close()
    return name


async def drop_database(admin_url: str, url_or_name: str, *, is_template: bool = False) -> None:
    """Drop a database made here (by URL or name), closing any connection left open."""
    import asyncpg

    name = _database_name(url_or_name)
    conn = await asyncpg.connect(admin_url)
    try:
        if is_template:
            await conn.execute(f"ALTER DATABASE {name} WITH IS_TEMPLATE false")
        await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        await conn.close()


def _database_name(url_or_name: str) -> str:
    return url_or_name.rsplit("/", 1)[-1].split("?", 1)[0]


def _with_database(admin_url: str, name: str) -> str:
    base, _, query = admin_url.partition("?")
    scheme, _, rest = base.partition("://")
    authority = rest.split("/", 1)[0]
    scheme = "postgresql" if scheme.startswith("postgres") else scheme
    return f"{scheme}://{authority}/{name}" + (f"?{query}" if query else "")
