"""What an instance needs before it serves real people: a secret key of its own, and a
memory allocator that gives back what a burst took."""

import ctypes
import os
import sys

from flask import Flask

DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 (refused by ensure_ready_to_serve)


# glibc's mallopt() settings (malloc.h).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -3, -8
MALLOC_ARENAS = 2
MALLOC_MMAP_THRESHOLD = 256 * 1024


def give_back_freed_memory() -> None:
    """Make glibc return to the system what a burst of work took, on a 1 GB server.

    By default glibc gives each thread (waitress runs 8) an arena of its own and raises
    its threshold for mapping large blocks as they are freed: each login's 19 MiB of
    argon2 then stayed in its thread's arena, and the process held 8 × 19 MiB after a
    crowd had logged in. Two arenas, and every block of 256 KiB or more mapped apart
    (so freed at once), keep the process near its working size. MALLOC_ARENA_MAX in the
    environment takes precedence; other C libraries are left alone.
    """
    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt  # noqa: B018 (musl has no mallopt: nothing to tune)
    except (OSError, AttributeError):
        return
    libc.mallopt(M_ARENA_MAX, MALLOC_ARENAS)
    libc.mallopt(M_MMAP_THRESHOLD, MALLOC_MMAP_THRESHOLD)
    libc.mallopt(M_TRIM_THRESHOLD, MALLOC_MMAP_THRESHOLD)


def ensure_ready_to_serve(app: Flask) -> None:
    """Refuse to serve without a real secret key (the WSGI entry and `assembly serve` call
    this); set up the allocator for a long-running server (`give_back_freed_memory`)."""
    give_back_freed_memory()
    key = app.config.get("SECRET_KEY")
    if not key or key == DEV_SECRET_KEY:
        raise SystemExit(
            "No secret key: run `assembly init` (it writes instance/secret_key) "
            "or set ASSEMBLY_SECRET_KEY."
        )
