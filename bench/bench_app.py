"""The app the benchmarks measure: on a fresh SQLite file in a folder, schema created."""

import os
from pathlib import Path


def bench_app(folder: Path, **settings):
    """Build the app on `folder/bench.sqlite3` (its instance folder beside it), tables made.

    Cheap password hashing and no rate limits: neither is what a benchmark measures.
    `settings` override these defaults.
    """
    os.environ["ASSEMBLY_INSTANCE_PATH"] = str(folder / "instance")
    from assembly import create_app
    from assembly.extensions import db

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench-secret-key",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "RATELIMIT_ENABLED": False,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 256,
            **settings,
        }
    )
    with app.app_context():
        db.create_all()
    return app
