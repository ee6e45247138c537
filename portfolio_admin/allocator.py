"""Hand large freed buffers back to the system at once.

glibc serves a large allocation from a mapping of its own, unmapped when freed; but each
such free raises the size that counts as large, up to 32 MiB, after which decoded images
come from per-thread arenas that keep the memory when it is freed. Each worker thread
that once decoded a large image would then hold that much for the process's life.
"""

import ctypes
import ctypes.util
import functools

M_MMAP_THRESHOLD = -3  # mallopt's parameter number, in glibc's malloc.h
LARGE_ALLOCATION = 4 * 1024 * 1024


@functools.cache  # the setting is the process's; finding libc runs ldconfig (2 ms)
def return_large_frees() -> None:
    """Fix glibc's threshold at ``LARGE_ALLOCATION``: buffers that size and up (image
    pixels, not everyday objects) are unmapped when freed. Nothing elsewhere (musl, macOS)."""
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c")).mallopt
    except (OSError, AttributeError, TypeError):
        return
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt(M_MMAP_THRESHOLD, LARGE_ALLOCATION)
