"""How the C allocator gives memory back: large blocks go back to the system when freed.

glibc serves a block of 128 kB or more with a memory map of its own, unmapped when it is freed,
but it raises that threshold to the size of every such block freed (up to 32 MB on 64 bits):
after the first pages of HTML and their decoded text are freed, the next ones come from the heap,
which keeps what is freed in it. A pass holds a few batches of pages at a time, so the heap grew
to the largest pages seen together and stayed there. A fixed threshold keeps every large block a
map of its own: a 3,000-page pass peaked at 440 MB instead of 468 (main process 338 instead of
355, the extraction worker 102 instead of 113; bench/README.md, 2026-12-03 morning), at the same
speed. A threshold the user sets (MALLOC_MMAP_THRESHOLD_) is left alone; elsewhere than glibc
nothing is changed.
"""

from __future__ import annotations

import ctypes
import os
import sys

MMAP_THRESHOLD = 128 * 1024  # glibc's own starting value, kept fixed
_M_MMAP_THRESHOLD = -3  # mallopt's parameter number (malloc.h)
_done = False


def tune_allocator() -> bool:
    """Fix glibc's map threshold in this process (once); True when it is now fixed."""
    global _done
    if _done:
        return True
    if not sys.platform.startswith("linux") or "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return False
    try:
        libc = ctypes.CDLL(None)
        # glibc only (musl's mallopt does nothing): elsewhere this raises AttributeError
        libc.gnu_get_libc_version  # noqa: B018
        _done = bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD))
    except (OSError, AttributeError):  # no C library to load, or not glibc
        return False
    return _done


__all__ = ["MMAP_THRESHOLD", "tune_allocator"]
