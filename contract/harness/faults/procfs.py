"""A server's processes seen from outside, through /proc: its workers, their sockets, their CPU time."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path


def _sockets(port: int) -> list[tuple[str, int, str]]:
    """(state, remote port, inode) of every socket on 127.0.0.1:`port` (its listener, its connections)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == port:
                found.append((fields[3], int(fields[2].rsplit(":", 1)[1], 16), fields[9]))
    return found


def _listening_inodes(port: int) -> set[str]:
    return {inode for state, _, inode in _sockets(port) if state == "0A"}  # 0A: LISTEN


def _socket_links(pid: int) -> set[str]:
    try:
        return {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
    except OSError:
        return set()


def accepted(pids: Iterable[int], port: int) -> set[int]:
    """The client ports of the connections these processes have accepted on `port` and still hold."""
    connections = {f"socket:[{inode}]": remote for state, remote, inode in _sockets(port) if state != "0A"}
    held = set().union(*(_socket_links(pid) for pid in pids))
    return {remote for link, remote in connections.items() if link in held}


def worker_pids(pids: Iterable[int], master: int, port: int) -> list[int]:
    """The worker processes: those other than the master that hold the listening socket."""
    wanted = {f"socket:[{inode}]" for inode in _listening_inodes(port)}
    return sorted(pid for pid in pids if pid != master and _socket_links(pid) & wanted)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for_workers(
    pids: Callable[[], list[int]], master: int, port: int, count: int, timeout: float = 30.0
) -> list[int]:
    """Wait until `count` workers hold the listening socket: a server answers before all have started."""
    deadline = time.monotonic() + timeout
    while True:
        workers = worker_pids(pids(), master, port)
        if len(workers) >= count or time.monotonic() > deadline:
            return workers
        time.sleep(0.05)
