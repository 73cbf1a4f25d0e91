"""Where the memory of a process at start goes: RSS after each layer is imported.

Runs in a fresh interpreter (a subprocess of itself), so nothing else was loaded before:

1. the interpreter alone;
2. Flask, Jinja, SQLAlchemy's ORM and Flask-SQLAlchemy;
3. the Flask extensions (`assembly.extensions`: Flask-Limiter, Flask-WTF, Flask-Babel,
   Flask-Login, Flask-Compress, flask-htmx);
4. every feature's models (`assembly.import_models`);
5. `create_app` (views, forms, routes), on a throwaway SQLite file;
6. SQLAlchemy's mappers configured and a first request (`/healthz`).

    .venv/bin/python bench/startup_memory.py
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def measure() -> None:
    """Print each layer's RSS, its growth and how many modules it imported."""
    last = [0.0, 0]

    def step(name: str) -> None:
        now, modules = rss_mb(), len(sys.modules)
        print(f"{name:62s} {now:6.1f} MB  +{now - last[0]:5.1f}  ({modules - last[1]} modules)")
        last[:] = [now, modules]

    step("interpreter")
    import flask  # noqa: F401
    import flask_sqlalchemy  # noqa: F401
    import jinja2  # noqa: F401
    import sqlalchemy.orm

    step("Flask, Jinja, SQLAlchemy (ORM), Flask-SQLAlchemy")
    import assembly.extensions  # noqa: F401

    step("Flask extensions (limiter, WTF, Babel, Login, Compress, htmx)")
    from assembly import create_app, import_models

    import_models()
    step("models of every feature")
    app = create_app()
    step("create_app: views, forms, routes")
    with app.app_context():
        sqlalchemy.orm.configure_mappers()
    assert app.test_client().get("/healthz").status_code == 200
    step("mappers configured, first request")


def main() -> int:
    if "--measure" in sys.argv:
        measure()
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {
            "PYTHONPATH": str(ROOT),
            "ASSEMBLY_INSTANCE_PATH": str(Path(tmp) / "instance"),
            "ASSEMBLY_DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "ASSEMBLY_SECRET_KEY": "bench-secret-key-" + "x" * 32,
        }
        command = [sys.executable, __file__, "--measure"]
        return subprocess.run(command, env=env, check=False).returncode  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
