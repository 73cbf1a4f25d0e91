"""Where the templates, static files and translations live; files only the host may read.

In a source checkout they sit at the top of the repository, as the design fixes;
in an installed wheel they travel inside the package (see pyproject.toml).
"""

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the folder `name` inside the installed package, else in the checkout."""
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / name


TEMPLATES = resource_dir("templates")
STATIC = resource_dir("static")
TRANSLATIONS = resource_dir("translations")
MIGRATIONS = PACKAGE_DIR / "migrations"


def private_file(path: Path, text: str | None = None) -> Path:
    """Make `path` readable by the host's account alone (0600), created empty if missing.

    The database, its WAL files, the secret key and backups hold residents' data or
    the key to their sessions: never world-readable, not even for a moment (the file
    is created with its mode, not chmod-ed after). With `text`, write it there.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.fchmod(descriptor, 0o600)  # an existing file keeps its mode: tighten it
        if text is not None:
            os.ftruncate(descriptor, 0)
            os.write(descriptor, text.encode())
    finally:
        os.close(descriptor)
    return path


def private_folder(path: Path) -> Path:
    """Make the folder `path` (the instance folder) for the host's account alone (0700)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path
