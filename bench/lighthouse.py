"""Lighthouse 12.8.2 (mobile) on the main pages: scores and paint times, report kept.

The demo is served by waitress (as `assembly serve`) on a throwaway SQLite file, as for
bench/first_paint.py. Lighthouse is fetched by npx on first use (it is not one of the
app's npm packages) and drives Debian's Chromium with its default mobile profile:
a mid-range phone, a slow 4G link simulated (150 ms, 1.6 Mbps) and a CPU slowed four
times. Pages a member sees are opened with the organizer's session cookie.

Prints a table (performance, accessibility, best practices, SEO; first contentful
paint, largest contentful paint, total blocking time, layout shift, bytes) and writes
it, with the run's conditions, to --out (Markdown); Lighthouse's own JSON reports go to
a temporary folder, or to --json-dir if given.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench_app import serve, signed_in  # waitress in a thread, as `assembly serve`
from first_paint import ARGS, CHROMIUM, demo_app

LIGHTHOUSE = "lighthouse@12.8.2"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# (what, who, path): who is "anonymous" or "member" (the demo's organizer)
PAGES = (
    ("join a meeting", "anonymous", "/j"),
    ("meeting QR code", "anonymous", "/j/{code}"),
    ("group home", "anonymous", "/g/{slug}/"),
    ("need form", "anonymous", "/g/{slug}/needs/new"),
    ("poster address", "anonymous", "/g/{slug}/b"),
    ("sign in", "anonymous", "/login"),
    ("public campaign", "anonymous", "/g/{slug}/campaigns/{campaign}"),
    ("group home", "member", "/g/{slug}/"),
    ("needs", "member", "/g/{slug}/needs"),
    ("meeting", "member", "/g/{slug}/meetings/{meeting}"),
    ("campaign", "member", "/g/{slug}/campaigns/{campaign}"),
)
MEMBER = "organisatrice"


def member_cookie(app) -> str:
    """The `Cookie` header of the organizer signed in through the real form."""
    from assembly.demo import DEMO_PASSWORD

    client = signed_in(app, MEMBER, DEMO_PASSWORD)
    name = app.config["SESSION_COOKIE_NAME"]
    return f"{name}={client.get_cookie(name).value}"


def records(app) -> dict[str, object]:
    """The ids the paths need: a public campaign and a meeting of the demo's group."""
    from assembly.campaigns.models import Campaign
    from assembly.extensions import db
    from assembly.groups.access import Viewer
    from assembly.meetings.models import Meeting

    with app.app_context():
        public = db.select(Campaign.id).where(Campaign.visible_to(Viewer())).order_by(Campaign.id)
        return {
            "campaign": db.session.scalars(public).first(),
            "meeting": db.session.scalars(db.select(Meeting.id).order_by(Meeting.id)).first(),
        }


def lighthouse(url: str, report: Path, cookie: str | None) -> dict:
    """Run Lighthouse on `url`; its JSON report, also written to `report`."""
    command = [
        "npx", "--yes", LIGHTHOUSE, url,
        "--quiet", "--output=json", f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(['--headless=new', *ARGS])}",
    ]  # fmt: skip
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    subprocess.run(command, check=True, env=env)  # noqa: S603 (our own arguments, no shell)
    return json.loads(report.read_text())


def row(what: str, who: str, path: str, result: dict) -> str:
    scores = [round(result["categories"][name]["score"] * 100) for name in CATEGORIES]
    audits = result["audits"]

    def seconds(audit: str) -> str:
        return f"{audits[audit]['numericValue'] / 1000:.1f} s"

    weight = audits["total-byte-weight"]["numericValue"] / 1024
    return (
        f"| {what} ({who}) | `{path}` | {' | '.join(map(str, scores))} | "
        f"{seconds('first-contentful-paint')} | {seconds('largest-contentful-paint')} | "
        f"{audits['total-blocking-time']['numericValue']:.0f} ms | "
        f"{audits['cumulative-layout-shift']['numericValue']:.2f} | {weight:.1f} Ko |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the table here (Markdown)")
    parser.add_argument("--json-dir", type=Path, help="keep Lighthouse's JSON reports here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        app, values = demo_app(Path(tmp))
        values |= records(app)
        cookie = member_cookie(app)
        reports = args.json_dir or Path(tmp)
        reports.mkdir(parents=True, exist_ok=True)
        stop, port = serve(app)
        lines = [
            f"Lighthouse {LIGHTHOUSE.split('@')[1]}, profil mobile par défaut, "
            f"{datetime.now(UTC):%Y-%m-%d}, `python bench/lighthouse.py`",
            "",
            "| page | adresse | performance | accessibilité | bonnes pratiques | SEO "
            "| FCP | LCP | TBT | CLS | poids |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        try:
            for number, (what, who, path) in enumerate(PAGES):
                path = path.format(**values)
                result = lighthouse(
                    f"http://127.0.0.1:{port}{path}",
                    reports / f"{number:02d}.json",
                    cookie if who == "member" else None,
                )
                lines.append(row(what, who, path, result))
                print(lines[-1], flush=True)
        finally:
            stop()
            with app.app_context():
                from assembly.extensions import db

                db.engine.dispose()
    if args.out:
        args.out.write_text("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
