"""Count a Jupyter server's kernels and its memory from the process table (Linux ``/proc``).

Voilà has no kernel-listing API (only ``/api/kernels/<id>``), so the browser test and
``benchmarks/bench_app_kernels.py`` count the server's child processes that run ``ipykernel``.
On a system without ``/proc`` both functions return nothing (callers then say so).
"""

from __future__ import annotations

from pathlib import Path

PROC = Path("/proc")


def _children(pid: int) -> list[int]:
    """Direct children of ``pid`` (from each process's ``stat``: field 4 is the parent)."""
    out = []
    for entry in PROC.glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command name (field 2) is in parentheses and may hold spaces: split after its ")"
        fields = stat[stat.rfind(")") + 2:].split()
        if len(fields) > 1 and fields[1] == str(pid):
            out.append(int(entry.name))
    return out


def kernel_pids(server_pid: int) -> list[int]:
    """Process ids of the kernels started by the server ``server_pid`` (any depth below it)."""
    if not PROC.is_dir():
        return []
    found, todo = [], [server_pid]
    while todo:
        for child in _children(todo.pop()):
            todo.append(child)
            try:
                cmd = (PROC / str(child) / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if b"ipykernel" in cmd and (PROC / str(child) / "stat").exists():
                state = (PROC / str(child) / "stat").read_text().rsplit(")", 1)[-1].split()[0]
                if state != "Z":  # a zombie is already gone, only not yet reaped
                    found.append(child)
    return found


def rss_bytes(pids: list[int]) -> int:
    """Resident memory of these processes together, in bytes (0 for those gone)."""
    total = 0
    for pid in pids:
        try:
            for line in (PROC / str(pid) / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
    return total
