"""Looking at and stopping child processes from outside: `kagami serve` workers, their CPU time."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def _children(pid: int) -> list[int]:
    """Process ids of ``pid``'s live children (Linux /proc)."""
    found: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return found


def worker_processes(supervisor: int) -> set[int]:
    """The multiprocessing workers ``supervisor`` (a `kagami serve --workers N`) runs now."""
    workers = set()
    for child in _children(supervisor):
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                workers.add(child)
        except OSError:
            continue
    return workers


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and its live descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, ValueError, IndexError):
            continue
        stack.extend(_children(current))
    return total


def stop_process(
    process: subprocess.Popen[bytes] | subprocess.Popen[str],
    timeout: float,
    *,
    terminate: bool = True,
) -> None:
    """Stop a child and reap it: SIGTERM (unless it was asked to stop otherwise, e.g. by
    closing its stdin), then SIGKILL if it has not exited within ``timeout`` seconds."""
    if process.poll() is not None:
        return
    if terminate:
        process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
