"""What CPU a figure came from: its model name and flags, read from /proc/cpuinfo (Linux)."""

from __future__ import annotations

import platform


def cpu_info(field: str) -> str:
    """The first `field` line of /proc/cpuinfo ("model name", "flags"); "" where there is none."""
    try:
        with open("/proc/cpuinfo") as f:
            return next((line.split(":", 1)[1].strip() for line in f if line.startswith(field)), "")
    except OSError:
        return ""


def cpu_name() -> str:
    """The CPU's model name ("AMD EPYC", "Intel(R) Xeon(R) ..."), else what `platform` knows."""
    return cpu_info("model name") or platform.processor() or platform.machine()
