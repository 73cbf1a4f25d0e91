"""Print how many SQL statements each page runs, at about 1 000 and 100 000 people.

A page must run as many statements for a group of 100 000 people as for one of 1 000:
one statement per row shown (an N+1) is what made the members page of a 3 000-member
group run 3 013 of them. This script builds the app on a throwaway SQLite file, loads
the demo and crawls it by its links as each demo person (tests/crawl.py), keeping for
each page (endpoint) the address that ran the most statements. Then it copies the
demo's people and everything they did (tests/multiplied.py: members, needs, supports,
attendances, turns, ballots, visits, signatures, events… on the same meetings,
decisions and campaigns) up to about SMALL people, opens each of those pages again as
the same person and counts its statements; then copies everything again up to a
hundred times more and counts once more.

    .venv/bin/python bench/queries_per_page.py            # or: make bench
    .venv/bin/python bench/queries_per_page.py --small 200 --times 10   # quicker

It is a measurement, not a test (tests/web/test_queries_per_page.py holds the rule on a
smaller scale): it changes nothing outside a temporary folder.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench_app import bench_app  # bench/bench_app.py: the scripts run from this folder
from needs_scale import print_table

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/crawl.py's helpers

from tests.crawl import PEOPLE, counting_statements, crawl, demo_client  # noqa: E402
from tests.multiplied import multiply  # noqa: E402
from tests.web.test_queries_per_page import busiest_pages  # noqa: E402

SMALL = 1_000  # people in the group, about
TIMES = 100  # then this many times more


def build_app(folder: Path):
    """The app on a fresh SQLite file in `folder`, schema created, demo loaded."""
    from assembly.demo import load_demo

    app = bench_app(folder)
    with app.app_context():
        load_demo()
    return app


def people_count(app) -> int:
    from assembly.extensions import db
    from assembly.people.models import Person

    with app.app_context():
        return db.session.scalar(db.select(db.func.count(Person.id)))


def grow(app, times: int) -> str:
    """Copy everything `times` times over, ANALYZE; say how long it took and how big."""
    from assembly.extensions import db

    start = time.perf_counter()
    with app.app_context():
        rows = multiply(times)
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
    seconds = time.perf_counter() - start
    return f"{rows['people']} people, {sum(rows.values())} rows copied tables, {seconds:.0f} s"


def count(app, chosen: dict) -> dict[tuple, tuple[int, int]]:
    """(statements, status) of each chosen page, by (person, endpoint)."""
    found = {}
    for person, pages in chosen.items():
        client = demo_client(app, person)
        with counting_statements(app) as ran:
            for page in pages:
                before = len(ran)
                status = client.get(page.path, follow_redirects=True).status_code
                found[person, page.endpoint] = (len(ran) - before, status)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=SMALL, help="people at the first size")
    parser.add_argument("--times", type=int, default=TIMES, help="how many times more after")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = build_app(Path(folder))
        demo = people_count(app)
        chosen = {person: busiest_pages(crawl(demo_client(app, person), app)) for person in PEOPLE}
        print(f"demo: {demo} people; {sum(map(len, chosen.values()))} pages", flush=True)
        print(f"small: {grow(app, max(round(arguments.small / demo) - 1, 0))}", flush=True)
        small = count(app, chosen)
        print(f"large: {grow(app, arguments.times - 1)}", flush=True)
        large = count(app, chosen)

    rows, worst = [], {}
    for (person, endpoint), (statements, status) in small.items():
        more, more_status = large[person, endpoint]
        kept = worst.get(endpoint)
        if kept is None or more - statements > kept[2] - kept[1]:
            worst[endpoint] = (person or "visitor", statements, more, status, more_status)
    for endpoint, (person, statements, more, status, more_status) in sorted(worst.items()):
        flag = "" if more <= statements + 2 and status == more_status == 200 else "GROWS"
        rows.append((endpoint, person, statements, more, f"{status}/{more_status}", flag))
    print("\nSQL statements per page (for each endpoint, the person whose page grew most)\n")
    print_table(("page", "as", "small", "large", "status", ""), rows)
    grows = sum(1 for row in rows if row[-1])
    print(f"\n{len(rows)} pages, {grows} with more statements at the larger size")
    return 1 if grows else 0


if __name__ == "__main__":
    sys.exit(main())
