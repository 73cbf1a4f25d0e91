"""Print how much each HTML page of the demo weighs, raw and gzipped.

The design promises every page in at most 14 KB compressed, so that a resident on a
prepaid plan gets it in the first round trips. This script builds the app on a
throwaway SQLite database with the demo loaded, opens every GET page as an anonymous
visitor and as each demo account, and prints a table; then the size of the shared
static files, which browsers keep for a year.

    .venv/bin/python bench/page_sizes.py          # or: make bench
    .venv/bin/python bench/page_sizes.py --check  # exit 1 when a page is over budget

It is a measurement, not a test: it changes nothing outside a temporary folder.
"""

import argparse
import itertools
import sys
import tempfile
from pathlib import Path

from bench_app import bench_app, signed_in  # bench/bench_app.py: the scripts run from this folder
from needs_scale import GZIP_LEVEL, gzipped_size, print_table

BUDGET = 14 * 1024  # bytes, gzipped
SKIPPED_ENDPOINTS = {"static", "web.healthz"}
STATIC_FILES = ("style.css", "vendor/htmx.min.js")


def build_app(folder: Path):
    """The app on a fresh SQLite file in `folder`, schema created, demo loaded."""
    from assembly.demo import load_demo

    app = bench_app(folder)
    with app.app_context():
        load_demo()
    return app


def url_values(app) -> dict[str, object]:
    """A value for every URL variable a GET page may name, pointing at demo records."""
    from assembly.auth.models import find_user
    from assembly.extensions import db
    from assembly.groups.models import Group, Role
    from assembly.groups.operations import create_invite

    with app.app_context():
        group = db.session.scalar(db.select(Group).filter_by(slug="glycines"))
        invite = create_invite(
            group, role=Role.MEMBER, single_use=False, days=30, by=find_user("admin")
        )
        from assembly.campaigns.models import Campaign, Petition, Signature
        from assembly.canvassing.models import Canvass
        from assembly.decisions.models import Decision
        from assembly.meetings.models import AgendaItem, Meeting
        from assembly.needs.models import Need, Theme

        first = lambda model: db.session.scalar(db.select(model.id).limit(1))  # noqa: E731
        all_ids = lambda model: tuple(db.session.scalars(db.select(model.id)))  # noqa: E731
        return {
            "slug": group.slug,
            "token": invite.token,
            "number": db.session.scalar(db.select(db.func.max(Need.number))),
            "theme_id": first(Theme),
            "canvass_id": first(Canvass),
            "meeting_id": all_ids(Meeting),  # the coming one, and the one held (its minutes)
            "item_id": first(AgendaItem),
            "decision_id": all_ids(Decision),  # hands (closed), judgment, online
            "campaign_id": first(Campaign),
            "petition_id": first(Petition),
            "signature_id": first(Signature),
        }


def get_pages(app, values: dict[str, object]) -> tuple[list[tuple[str, str]], list[str]]:
    """(label, URL) of every GET route to measure, and the rules that had to be skipped.

    The label is the URL with a random token written `<token>`, so the table reads
    the same from one run to the next.
    """
    pages, skipped = [], []
    with app.test_request_context():
        from flask import url_for

        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in rule.methods or rule.endpoint in SKIPPED_ENDPOINTS:
                continue
            missing = rule.arguments - values.keys()
            if missing:
                skipped.append(f"{rule.rule} (no value for {', '.join(sorted(missing))})")
                continue
            # A tuple of values measures the page once for each (every meeting, decision…).
            names = sorted(rule.arguments)
            choices = [v if isinstance(v := values[n], tuple) else (v,) for n in names]
            for combination in itertools.product(*choices):
                url = url_for(rule.endpoint, **dict(zip(names, combination, strict=True)))
                pages.append((url.replace(str(values["token"]), "<token>"), url))
    return pages, skipped


def signed_in_client(app, username: str | None):
    """A test client, signed in through the real login form unless `username` is None."""
    from assembly.demo import DEMO_PASSWORD

    return app.test_client() if username is None else signed_in(app, username, DEMO_PASSWORD)


def verdict(status: int, mimetype: str, location: str | None, gz: int) -> str:
    """The budget column: ok / OVER for HTML pages, what happened otherwise."""
    if 300 <= status < 400:
        return f"redirect → {location}"
    if mimetype != "text/html":
        return f"not HTML ({mimetype})"
    return "ok" if gz <= BUDGET else "OVER"


def measure(app, pages: list[tuple[str, str]]) -> list[tuple]:
    """One row per page and account: page, account, status, raw, gzip, budget."""
    from assembly.demo import DEMO_ACCOUNTS

    accounts = [None, *(username for username, *_ in DEMO_ACCOUNTS)]
    rows = []
    for username in accounts:
        client = signed_in_client(app, username)
        for label, url in pages:
            response = client.get(url)
            body = response.get_data()
            gz = gzipped_size(body)
            check = verdict(response.status_code, response.mimetype, response.location, gz)
            rows.append(
                (label, username or "anonymous", response.status_code, len(body), gz, check)
            )
    return rows


def static_rows() -> list[tuple]:
    """Raw and gzipped size of the shared static files (absent ones say so)."""
    from assembly.paths import STATIC

    rows = []
    for name in STATIC_FILES:
        path = STATIC / name
        if not path.exists():
            rows.append((name, "missing (run `make assets`)", "", ""))
            continue
        data = path.read_bytes()
        rows.append((f"static/{name}", len(data), gzipped_size(data), "cached for a year"))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a page is over budget")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="assembly-bench-") as tmp:
        app = build_app(Path(tmp))
        pages, skipped = get_pages(app, url_values(app))
        rows = measure(app, pages)
        with app.app_context():
            from assembly.extensions import db

            db.engine.dispose()

    print(f"HTML pages of the demo, gzip level {GZIP_LEVEL}, budget {BUDGET} bytes gzipped\n")
    print_table(("page", "account", "status", "raw bytes", "gzip bytes", "budget"), rows)
    for rule in skipped:
        print(f"skipped: {rule}")
    print()
    print_table(("static file", "raw bytes", "gzip bytes", "note"), static_rows())

    pages_only = [row for row in rows if row[5] in ("ok", "OVER")]
    over = [row for row in pages_only if row[5] == "OVER"]
    largest = max(pages_only, key=lambda row: row[4], default=None)
    print()
    print(f"{len(pages_only)} HTML responses measured, {len(over)} over budget.")
    if largest:
        print(f"Largest: {largest[0]} as {largest[1]}, {largest[4]} bytes gzipped.")
    return 1 if options.check and over else 0


if __name__ == "__main__":
    sys.exit(main())
