"""First contentful paint of the entry pages on a slow phone, first visit.

The app is served by waitress (as `assembly serve`) on a throwaway SQLite file holding the
demo; Debian's Chromium, driven by Playwright, opens each entry page in a fresh context
(empty cache, no cookie) under Chrome's network emulation (2,000 ms latency, 400 kbps
down and up) and a CPU slowed four times. Each request waits the full latency before its
first byte, as on a bad mobile link: a page that needs a second request to paint (a
stylesheet, a redirect) paints after two round trips.

Prints, per page, the median first contentful paint of --runs runs, and the bytes the
first visit moved (HTML, CSS and scripts as sent, compressed). Goal: ≤ 2.5 s each.
"""

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from bench_app import bench_app  # bench/bench_app.py: the scripts run from this folder
from phones import serve  # waitress in a thread, as the phones bench serves

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LATENCY_MS = 2000
KBPS = 400
CPU_SLOWDOWN = 4
GOAL_SECONDS = 2.5
# (what, path): where a resident lands from outside
PAGES = (
    ("join a meeting (/j)", "/j"),
    ("meeting QR code", "/j/{code}"),
    ("group home", "/g/{slug}/"),
    ("need form", "/g/{slug}/needs/new"),
    ("poster address and QR code", "/g/{slug}/b"),
    ("sign in", "/login"),
)


def demo_app(folder: Path):
    """The app on a fresh SQLite file with the demo loaded; the demo's slug and a join code."""
    from assembly.demo import load_demo
    from assembly.extensions import db
    from assembly.groups.models import Group
    from assembly.meetings.models import Meeting

    app = bench_app(folder, TESTING=False)
    with app.app_context():
        load_demo()
        slug = db.session.scalars(db.select(Group.slug).order_by(Group.id)).first()
        code = db.session.scalars(db.select(Meeting.join_code).order_by(Meeting.id)).first()
    return app, {"slug": slug, "code": code}


def first_visit(browser, url: str) -> tuple[float, int]:
    """First contentful paint (s) and bytes received by one first visit of `url`."""
    context = browser.new_context(bypass_csp=True)  # lets Playwright poll the paint entry
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": LATENCY_MS,
            "downloadThroughput": KBPS * 1000 / 8,
            "uploadThroughput": KBPS * 1000 / 8,
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
    received = []
    cdp.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_function(
        "performance.getEntriesByName('first-contentful-paint').length > 0", timeout=60_000
    )
    fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime")
    page.wait_for_timeout(200)  # the last loadingFinished events
    context.close()
    return fcp / 1000, sum(received)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        app, values = demo_app(Path(tmp))
        stop, port = serve(app)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                print(f"first visit, {LATENCY_MS} ms latency, {KBPS} kbps, CPU ×{CPU_SLOWDOWN}, "
                      f"median of {args.runs} runs (goal: ≤ {GOAL_SECONDS} s)")  # fmt: skip
                worst = 0.0
                for what, path in PAGES:
                    path = path.format(**values)
                    runs = [first_visit(browser, f"http://127.0.0.1:{port}{path}")
                            for _ in range(args.runs)]  # fmt: skip
                    fcp = statistics.median(seconds for seconds, _ in runs)
                    size = statistics.median(size for _, size in runs)
                    worst = max(worst, fcp)
                    print(f"  {what:<30} {path:<24} FCP {fcp:4.2f} s  {size / 1024:5.1f} KB")
                browser.close()
                print(f"slowest: {worst:.2f} s")
        finally:
            stop()
            with app.app_context():
                from assembly.extensions import db

                db.engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
