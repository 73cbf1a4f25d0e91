"""Small URL helpers shared by the features."""

from urllib.parse import urlsplit


def safe_next(target: str | None, default: str) -> str:
    """Return `target` if it is a path on this site, else `default` (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return default
    return target
