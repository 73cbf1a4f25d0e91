"""Time the needs list, its sorts and its search with 1 000 and 100 000 needs.

The list must stay as quick for a city-wide group as for a small one: the goal is
that 100 times more needs cost at most 1.5 times the time. For each size, this
script builds the app on a throwaway SQLite file, bulk-inserts approved needs with
French titles made from small word lists (fixed seed), their supports and a few
counted ones, in one transaction (the FTS5 triggers index every row as it goes),
runs ANALYZE, then times each page through the Flask test client, the two sizes in
interleaved rounds (a 1k request, then the same page at 100k), so that a busy machine
weighs on both alike; it reads this process's CPU time too (SQLite runs in it).

    .venv/bin/python bench/needs_scale.py            # or: make bench
    .venv/bin/python bench/needs_scale.py --plans    # always print the query plans

When a page grows slower than the goal, the script prints the query plan of every
statement the page ran on the needs tables. It changes nothing outside a temporary folder.
"""

import argparse
import gzip
import hashlib
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from bench_app import bench_app  # bench/bench_app.py: the scripts run from this folder

SIZES = (1_000, 100_000)
SUPPORTS_PER_NEED = 3
WARMUPS, ROUNDS = 3, 15
CHUNK = 5_000  # rows per executemany
BUDGET = 14 * 1024  # bytes gzipped, as bench/page_sizes.py
GZIP_LEVEL = 6  # nginx's gzip_comp_level is 1 by default; 6 is the usual setting
GOAL = 1.5  # at most this many times slower with 100 times more needs
SEED = 2024
SLUG = "quartier"
# (label, URL under /g/<slug>): the pages the issue names, then two harder cases: a
# word in one title out of seven, and a place that no need names.
PAGES = (
    ("list, most recent", "/needs"),
    ("list, most shared", "/needs?sort=supported"),
    ("search interphone (1 %)", "/needs?q=interphone"),
    ("search evier (1 %)", "/needs?q=evier"),
    ("search panne (14 %)", "/needs?q=panne"),
    ("search panne, most shared", "/needs?q=panne&sort=supported"),
    ("place, no match", "/needs?place=Rue+Pasteur"),
    ("place Rue des Lilas (5 %)", "/needs?place=Rue+des+Lilas"),
)
SEARCHED = ("interphone", "evier", "panne")
LISTED = re.compile(rf'<li><a href="/g/{SLUG}/needs/\d+">')

THEMES = (
    "Logement",
    "Propreté",
    "Tranquillité",
    "Transports",
    "Jeunesse",
    "Santé",
    "Commerces",
    "Espaces verts",
)
# (noun phrase, plural?, weight): "interphone" and "évier" are the words searched, so
# they are kept to about 1 % of the titles each; no body or place uses them.
THINGS = (
    ("l'ascenseur", False, 1),
    ("le chauffage", False, 1),
    ("l'éclairage du parking", False, 1),
    ("les poubelles", True, 1),
    ("le local vélos", False, 1),
    ("la porte du hall", False, 1),
    ("la boîte aux lettres", False, 1),
    ("l'aire de jeux", False, 1),
    ("les escaliers", True, 1),
    ("la cave", False, 1),
    ("le digicode", False, 1),
    ("les bancs du square", True, 1),
    ("l'arrêt de bus", False, 1),
    ("les toilettes publiques", True, 1),
    ("la fontaine", False, 1),
    ("le trottoir", False, 1),
    ("les fenêtres de l'école", True, 1),
    ("la ventilation", False, 1),
    ("l'interphone", False, 0.19),
    ("l'évier de la salle commune", False, 0.19),
)
TEMPLATES = (
    "{Thing} {verb} en panne depuis {n} semaines",
    "{Thing} ne {works} plus depuis {n} jours",
    "Problème avec {thing}",
    "Demande de réparation : {thing}",
    "Toujours rien pour {thing} malgré nos appels",
    "{Thing} : personne ne répond au signalement",
    "Il faudrait vérifier {thing}",
)
SENTENCES = (
    "Les personnes âgées ne peuvent plus sortir.",
    "Le bailleur ne répond pas à nos courriers.",
    "Les enfants passent par là pour aller à l'école.",
    "Nous avons déjà signalé le problème deux fois.",
    "C'est dangereux le soir, il fait noir.",
    "Ça dure depuis l'hiver dernier.",
    "Plusieurs voisins se plaignent du bruit.",
    "Il faudrait en parler à la prochaine réunion avec la mairie.",
    "Une pétition circule déjà dans l'immeuble.",
    "Les charges ont pourtant augmenté cette année.",
    "On a vu des rats près des containers.",
    "Les mamans avec poussette ne passent plus.",
)
PLACES = (
    *(f"Bâtiment {letter}" for letter in "ABCDEFGH"),
    "Rue des Lilas",
    "Rue Jean-Jaurès",
    "Place du Marché",
    "Allée des Tilleuls",
    "Résidence des Glycines",
    "Passage Jean-Moulin",
    "Maison de quartier",
    "Square Louise-Michel",
)
STATUSES = (("new", 50), ("acknowledged", 20), ("taken_up", 15), ("resolved", 10), ("declined", 5))
CHANNELS = (("web", 70), ("door", 10), ("meeting", 10), ("paper", 5), ("phone", 5))


def build_app(folder: Path):
    """The app on a fresh SQLite file in `folder`, schema created (with the FTS5 index)."""
    return bench_app(folder)


def weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def title_for(rng: random.Random) -> str:
    """A resident's few words, e.g. "Les escaliers sont en panne depuis 3 semaines"."""
    things, weights = zip(*((t[:2], t[2]) for t in THINGS), strict=True)
    thing, plural = rng.choices(things, weights)[0]
    title = rng.choice(TEMPLATES).format(
        thing=thing,
        Thing=thing[0].upper() + thing[1:],
        verb="sont" if plural else "est",
        works="marchent" if plural else "marche",
        n=rng.randint(2, 9),
    )
    return title[0].upper() + title[1:]


def need_rows(rng: random.Random, group_id: int, theme_ids: list[int], n: int) -> list[dict]:
    """`n` approved needs over three years, numbered in the order they came."""
    now = datetime(2025, 6, 1, 12, 0)
    dates = sorted(now - timedelta(seconds=rng.randrange(3 * 365 * 86400)) for _ in range(n))
    from assembly.needs.search import stemmed

    rows = []
    for number, created_at in enumerate(dates, start=1):
        status = weighted(rng, STATUSES)
        sentences = rng.randint(0, 3)
        title = title_for(rng)
        body = " ".join(rng.sample(SENTENCES, sentences))
        theme_id = rng.choice(theme_ids) if rng.random() < 0.9 else None  # drawn in this order
        place = rng.choice(PLACES) if rng.random() < 0.8 else ""
        rows.append(
            {
                "id": number,
                "group_id": group_id,
                "number": number,
                "title": title,
                "body": body,
                "theme_id": theme_id,
                "place": place,
                # Bulk inserts skip the ORM's hook: the stemmed text the app would keep.
                "search_text": stemmed(title, body, place),
                "channel": weighted(rng, CHANNELS),
                "status": status,
                "status_reason": "Le bailleur a répondu." if status == "declined" else "",
                "moderation": "approved",
                "moderation_reason": "",
                "author_id": None,
                "author_name": "",
                "person_id": None,
                "merged_into_id": None,
                "support_count": 0,
                "counted_support": 0,
                "total_support": 0,
                "created_at": created_at,
            }
        )
    return rows


def spread_supports(rng: random.Random, needs: list[dict]) -> tuple[list[dict], list[dict]]:
    """Supports (a few needs popular, most shared by one or two) and counted ones.

    Sets each need's support_count, counted_support and total_support to match.
    """
    popularity = [rng.paretovariate(1.2) for _ in needs]
    chosen = rng.choices(range(len(needs)), popularity, k=len(needs) * SUPPORTS_PER_NEED)
    supports = []
    for serial, index in enumerate(chosen):
        need = needs[index]
        need["support_count"] += 1
        supports.append(
            {
                "need_id": need["id"],
                "user_id": None,
                "anonymous_key": hashlib.sha256(f"bench-{serial}".encode()).hexdigest(),
                "channel": "web",
                "created_at": need["created_at"] + timedelta(hours=rng.randint(1, 2000)),
            }
        )
    counted = []
    for need in needs:
        if rng.random() < 0.05:  # hands raised at a meeting
            count = rng.randint(2, 30)
            need["counted_support"] = count
            counted.append(
                {
                    "need_id": need["id"],
                    "count": count,
                    "channel": "meeting",
                    "note": "Réunion de quartier",
                    "recorded_by_id": None,
                    "created_at": need["created_at"] + timedelta(days=rng.randint(1, 60)),
                }
            )
        need["total_support"] = need["support_count"] + need["counted_support"]
    return supports, counted


def fill(app, n: int) -> tuple[dict[str, float], dict[str, int]]:
    """Create a group, its themes and `n` needs with their supports.

    Returns the seconds each step took, and how many needs each searched word finds.
    """
    from sqlalchemy import insert, text

    from assembly.extensions import db
    from assembly.groups.operations import create_group
    from assembly.needs.models import CountedSupport, Need, Support, Theme
    from assembly.needs.search import stem

    rng = random.Random(SEED)
    timings = {}
    with app.app_context():
        group = create_group("Collectif du quartier", SLUG, admin=None)
        db.session.execute(insert(Theme), [{"group_id": group.id, "name": t} for t in THEMES])
        db.session.commit()
        theme_ids = list(db.session.scalars(db.select(Theme.id)))
        needs = need_rows(rng, group.id, theme_ids, n)
        supports, counted = spread_supports(rng, needs)

        start = time.perf_counter()
        for model, rows in ((Need, needs), (Support, supports), (CountedSupport, counted)):
            for first in range(0, len(rows), CHUNK):
                db.session.execute(insert(model), rows[first : first + CHUNK])
        db.session.commit()
        timings["insert (FTS triggers included)"] = time.perf_counter() - start

        start = time.perf_counter()
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        timings["ANALYZE"] = time.perf_counter() - start

        count = text("SELECT count(*) FROM needs_fts WHERE needs_fts MATCH :q")
        matches = {word: db.session.scalar(count, {"q": f'"{stem(word)}"*'}) for word in SEARCHED}
    return timings, matches


def gzipped_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


def timed(client, url: str) -> tuple[float, float, bytes]:
    """Wall and CPU ms of one request, and its body. Stops the script if it is not a 200."""
    start, used = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    used = (time.process_time() - used) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    return elapsed, used, response.get_data()


def query_plans(app, url: str) -> list[str]:
    """EXPLAIN QUERY PLAN of every statement on the needs tables that `url` runs."""
    from sqlalchemy import event

    from assembly.extensions import db

    seen = []

    def capture(_conn, _cursor, statement, parameters, _context, _executemany):
        if statement.lstrip().upper().startswith("SELECT") and "needs" in statement:
            seen.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", capture)
    try:
        app.test_client().get(url)
    finally:
        event.remove(engine, "before_cursor_execute", capture)

    lines = []
    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            for statement, parameters in seen:
                lines.append(" ".join(statement.split()))
                lines.append(f"  parameters: {parameters}")
                plan = raw.cursor().execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
                lines.extend(f"  {row[3]}" for row in plan)
        finally:
            raw.close()
    return lines


def print_table(header: tuple[str, ...], rows: list[tuple]) -> None:
    """A plain-text table, numbers right-aligned."""
    cells = [tuple(str(cell) for cell in row) for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    numeric = [isinstance(cell, int | float) for cell in rows[0]] if rows else []
    for n, row in enumerate(cells):
        line = "  ".join(
            cell.rjust(width) if numeric[i] else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        print(line.rstrip())
        if n == 0:
            print("  ".join("-" * width for width in widths))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", action="store_true", help="print every page's query plans")
    options = parser.parse_args()
    from assembly.extensions import db

    with tempfile.TemporaryDirectory(prefix="assembly-bench-") as tmp:
        apps = {}
        for n in SIZES:
            folder = Path(tmp) / str(n)
            folder.mkdir()
            apps[n] = build_app(folder)
            timings, matches = fill(apps[n], n)
            steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.items())
            found = ", ".join(f"{word}: {count}" for word, count in matches.items())
            print(f"{n} needs, {n * SUPPORTS_PER_NEED} supports: {steps}; matches {found}")
        clients = {n: app.test_client() for n, app in apps.items()}
        wall = {(n, label): [] for n in SIZES for label, _ in PAGES}
        cpu = {(n, label): [] for n in SIZES for label, _ in PAGES}
        bodies = {}
        for round_ in range(WARMUPS + ROUNDS):
            for label, path in PAGES:
                for n in SIZES:
                    elapsed, used, bodies[n, label] = timed(clients[n], f"/g/{SLUG}{path}")
                    if round_ >= WARMUPS:
                        wall[n, label].append(elapsed)
                        cpu[n, label].append(used)
        plans = {
            (n, label): query_plans(apps[n], f"/g/{SLUG}{path}")
            for n in SIZES
            for label, path in PAGES
        }
        for app in apps.values():
            with app.app_context():
                db.engine.dispose()  # let the temporary folder go

    rows = []
    for n in SIZES:
        for label, _ in PAGES:
            size = gzipped_size(bodies[n, label])
            listed = len(LISTED.findall(bodies[n, label].decode()))
            rows.append(
                (
                    n,
                    label,
                    round(statistics.median(wall[n, label]), 1),
                    round(statistics.quantiles(wall[n, label], n=20, method="inclusive")[18], 1),
                    round(statistics.median(cpu[n, label]), 1),
                    size,
                    "ok" if size <= BUDGET else "OVER",
                    listed,
                )
            )
    print(f"\nmedian and 95th percentile of {ROUNDS} interleaved rounds after {WARMUPS} warm-ups;")
    print("CPU: this process's time, steadier than the clock on a busy machine\n")
    header = ("N", "page", "median ms", "p95 ms", "CPU ms", "gzip bytes", "≤ 14 KB", "listed")
    print_table(header, rows)

    small, large = SIZES
    print(f"\nratio {large // 1000}k / {small // 1000}k of the medians (goal ≤ {GOAL})\n")
    ratios = [
        (label, ratio(wall, large, small, label), ratio(cpu, large, small, label))
        for label, _ in PAGES
    ]
    print_table(("page", "clock", "CPU"), ratios)

    for label, clock, used in ratios:
        if max(clock, used) > GOAL or options.plans:
            print(f"\nquery plans, {label}, {large} needs (ratio {clock}, CPU {used}):")
            print("\n".join(plans[large, label]))
    return 0


def ratio(samples: dict, large: int, small: int, label: str) -> float:
    return round(
        statistics.median(samples[large, label]) / statistics.median(samples[small, label]), 2
    )


if __name__ == "__main__":
    sys.exit(main())
