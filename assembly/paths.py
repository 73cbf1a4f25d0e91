"""Where the templates, static files and translations live.

In a source checkout they sit at the top of the repository, as the design fixes;
in an installed wheel they travel inside the package (see pyproject.toml).
"""

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
