"""Where the memory of a process at start goes: RSS after each layer is imported.

Runs in a fresh interpreter (a subprocess of itself), so nothing else was loaded before:

1. the interpreter alone;
2. Flask, Jinja, SQLAlchemy's ORM and Flask-SQLAlchemy;
3. the Flask extensions (`assembly.extensions`: Flask-Limiter, Flask-WTF, Flask-Babel,
   Flask-Login, Flask-Compress, flask-htmx);
4. every feature's models (`assembly.import_models`);
5. `create_app` (views, forms, routes), on a throwaway SQLite file;
6. SQLAlchemy's mappers configured and a first request (`/healthz`).

With `--pages`, on the demo (`assembly demo`), it then opens every page a visitor reaches
by following links from `/` (Flask's test client) and says what the growth is made of:
Python's allocations since the first request by package (tracemalloc), and what Jinja's
compiled templates and SQLAlchemy's compiled statements hold (the drop when emptied).

    .venv/bin/python bench/startup_memory.py [--pages]
"""

import os
import re
import subprocess
import sys
import tempfile
import tracemalloc
from collections import Counter
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
    if "--pages" in sys.argv:
        pages(app)


def pages(app) -> None:
    """Open the pages a visitor reaches from `/`; print where the growth went."""
    import gc

    from memory import crawl  # bench/memory.py: the same crawl

    from assembly.extensions import db

    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    client = app.test_client()

    def open_page(path):
        response = client.get(path, follow_redirects=True)
        html = response.status_code == 200 and response.mimetype == "text/html"
        return response.get_data(as_text=True) if html else None

    opened = len(crawl(open_page))
    gc.collect()
    own = tracemalloc.get_tracemalloc_memory() / 2**20
    print(
        f"after opening {opened} pages as a visitor: {rss_mb():.1f} MB "
        f"({own:.1f} MB of it tracemalloc's own)"
    )
    grown: Counter = Counter()
    for stat in tracemalloc.take_snapshot().compare_to(before, "filename"):
        name = stat.traceback[0].filename
        found = re.search(r"site-packages/([^/]+)", name) or re.search(r"/(assembly)/", name)
        grown[found.group(1) if found else "other (standard library, importing)"] += stat.size_diff
    print(f"  Python allocations since the first request: {sum(grown.values()) / 2**20:.1f} MB")
    for name, size in grown.most_common(8):
        print(f"    {name:44s} {size / 2**20:5.1f} MB")
    with app.app_context():
        caches = {
            f"Jinja's compiled templates ({len(app.jinja_env.cache)})": app.jinja_env.cache,
            f"SQLAlchemy's compiled statements ({len(db.engine._compiled_cache)})": (
                db.engine._compiled_cache
            ),
        }
    for name, cache in caches.items():
        held = tracemalloc.get_traced_memory()[0]
        cache.clear()
        gc.collect()
        print(f"  {name:46s} {(held - tracemalloc.get_traced_memory()[0]) / 2**20:5.1f} MB")


def demo(folder: Path) -> None:
    """The demo on folder/bench.sqlite3 (in a subprocess, so the measure starts afresh)."""
    script = (
        "import sys; from pathlib import Path; from bench_app import bench_app; "
        "from assembly.demo import load_demo; app = bench_app(Path(sys.argv[1])); "
        "app.app_context().push(); load_demo()"
    )
    env = os.environ | {"PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}"}
    subprocess.run([sys.executable, "-c", script, str(folder)], env=env, check=True)  # noqa: S603


def main() -> int:
    if "--measure" in sys.argv:
        measure()
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        if "--pages" in sys.argv:
            demo(Path(tmp))
        env = os.environ | {
            "PYTHONPATH": str(ROOT),
            "ASSEMBLY_INSTANCE_PATH": str(Path(tmp) / "instance"),
            "ASSEMBLY_DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}",
            "ASSEMBLY_SECRET_KEY": "bench-secret-key-" + "x" * 32,
        }
        command = [sys.executable, __file__, "--measure", *sys.argv[1:]]
        return subprocess.run(command, env=env, check=False).returncode  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
