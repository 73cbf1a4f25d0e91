"""What an instance needs before it serves real people: a secret key of its own."""

from flask import Flask

DEV_SECRET_KEY = "dev-only-not-secret"  # noqa: S105 (refused by ensure_ready_to_serve)


def ensure_ready_to_serve(app: Flask) -> None:
    """Refuse to serve without a real secret key (the WSGI entry and `assembly serve` call this)."""
    key = app.config.get("SECRET_KEY")
    if not key or key == DEV_SECRET_KEY:
        raise SystemExit(
            "No secret key: run `assembly init` (it writes instance/secret_key) "
            "or set ASSEMBLY_SECRET_KEY."
        )
