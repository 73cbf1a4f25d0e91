"""Time a petition's pages with 1 000 and 20 000 signatures.

The campaign page and the counts per building must stay as quick for a city-wide petition
as for a small one: the goal is that 20 times more signatures cost at most 1.5 times the
time, each page under the 14 KB budget. For each size, this script builds the app on a
throwaway SQLite file, a public campaign under way with an open petition, and bulk-inserts
its signatures (fixed seed) over about 40 buildings and streets, each written several
ways, some flagged for review, a few found to be duplicates and a few held; then runs
ANALYZE. The two databases stay open side by side and the pages are timed in interleaved
rounds (1k, 20k, 1k, 20k…) through the Flask test client, so that a busy machine weighs on
both sizes alike.

    .venv/bin/python bench/petition_scale.py            # or: make bench
    .venv/bin/python bench/petition_scale.py --plans    # print the counts' query plan

It changes nothing outside a temporary folder.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from bench_app import bench_app, signed_in  # bench/bench_app.py: the scripts run from this folder
from needs_scale import gzipped_size, print_table

from assembly.campaigns.demo.petition import FAMILY_NAMES, FIRST_NAMES

SIZES = (1_000, 20_000)
WARMUPS, ROUNDS = 3, 21
CHUNK = 5_000
BUDGET = 14 * 1024  # bytes gzipped, as bench/page_sizes.py
GOAL = 1.5
SEED = 2026
SLUG = "quartier"
PASSWORD = "un mot de passe solide"  # noqa: S105 (a throwaway bench account)

# About 40 places: 30 buildings and 10 streets, each written two or three ways.
PLACES = [
    *([f"Bâtiment {b}", f"Bât. {b}", f"bat {b.lower()}"] for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    *([f"Tour {n}", f"tour {n}"] for n in range(1, 5)),
    *(
        [street, f"{n} {street.lower()}", f"{n + 2} {street}"]
        for n, street in enumerate(
            (
                "Rue des Lilas",
                "Rue Jean-Jaurès",
                "Allée des Tilleuls",
                "Avenue Louise-Michel",
                "Rue Pasteur",
                "Rue de la Paix",
                "Passage Jean-Moulin",
                "Rue Victor-Hugo",
                "Impasse des Roses",
                "Rue du Marché",
            ),
            start=3,
        )
    ),
]
# review drawn per signature: mostly none, some flagged, a few found the same, a few held
REVIEWS = (("none", 93), ("flagged", 3), ("duplicate", 1), ("distinct", 2), ("held", 1))
PAGES = (
    ("campaign page, public", "anonymous", "/campaigns/{campaign}"),
    ("campaign page, team", "team", "/campaigns/{campaign}"),
    ("counts per building", "team", "/campaigns/{campaign}/petitions/{petition}"),
)


def fill(app, n: int) -> dict:
    """A group, its organizer, a public campaign under way, an open petition with `n`
    signatures. Returns the ids the pages need."""
    from sqlalchemy import insert, text

    from assembly.auth.operations import create_user
    from assembly.campaigns.matching import name_key, place_key
    from assembly.campaigns.models import Signature, SignatureBatch, Target
    from assembly.campaigns.operations import core, petitions
    from assembly.extensions import db
    from assembly.groups.models import Role
    from assembly.groups.operations import add_member, create_group

    rng = random.Random(SEED)
    with app.app_context():
        organizer = create_user("orga", "Orga Nisatrice", PASSWORD)
        group = create_group("Collectif du quartier", SLUG, admin=organizer)
        add_member(group, organizer, Role.ORGANIZER)
        db.session.commit()
        campaign = core.create_campaign(
            group, title="Des ascenseurs qui marchent", problem="", needs=[], by=organizer
        )
        core.start_campaign(campaign)
        target = Target(campaign_id=campaign.id, name="Mme Durand", role="Directrice d'agence")
        db.session.add(target)
        db.session.commit()
        petition = petitions.create_petition(
            campaign,
            title="Réparez nos ascenseurs",
            text="Nous demandons la réparation des ascenseurs sous 48 heures.",
            target=target,
            by=organizer,
        )
        petitions.set_open(petition, True)
        batch = SignatureBatch(petition_id=petition.id, sheet="Feuilles", typed_by_id=organizer.id)
        db.session.add(batch)
        db.session.commit()

        start = time.perf_counter()
        epoch = datetime(2026, 3, 1, 9)
        reviews, weights = zip(*REVIEWS, strict=True)
        rows = []
        for i in range(n):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(FAMILY_NAMES)} {i}"
            place = rng.choice(rng.choice(PLACES))
            paper = rng.random() < 0.3
            rows.append(
                {
                    "petition_id": petition.id,
                    "name": name,
                    "name_key": name_key(name),
                    "place": place,
                    "place_key": place_key(place),
                    "lives_here": rng.random() < 0.85,
                    "via": "paper" if paper else "web",
                    "batch_id": batch.id if paper else None,
                    "review": rng.choices(reviews, weights)[0],
                    "created_at": epoch + timedelta(seconds=rng.randrange(60 * 86400)),
                }
            )
        for first in range(0, n, CHUNK):
            db.session.execute(insert(Signature), rows[first : first + CHUNK])
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        places = len({row["place_key"] for row in rows})
        print(f"{n} signatures over {places} places: filled in {time.perf_counter() - start:.1f} s")
        return {"campaign": campaign.id, "petition": petition.id}


def query_plan(app, petition_id: int) -> list[str]:
    """EXPLAIN QUERY PLAN of the counts per building (the one grouped query)."""
    from sqlalchemy.dialects import sqlite

    from assembly.campaigns.models import Petition
    from assembly.campaigns.operations import counting
    from assembly.extensions import db

    with app.app_context():
        petition = db.session.get(Petition, petition_id)
        captured = []
        original = db.session.execute

        def capture(statement, *args, **kwargs):
            captured.append(statement)
            return original(statement, *args, **kwargs)

        db.session.execute = capture
        try:
            counting.counts_by_place(petition)
        finally:
            db.session.execute = original
        compiled = captured[0].compile(
            dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
        )
        sql = str(compiled)
        plan = db.session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")
        return [" ".join(sql.split()), *(f"  {row[3]}" for row in plan)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", action="store_true", help="print the counts' query plan")
    options = parser.parse_args()
    from assembly.extensions import db

    with tempfile.TemporaryDirectory(prefix="assembly-bench-") as tmp:
        sites = {}
        for n in SIZES:
            folder = Path(tmp) / str(n)
            folder.mkdir()
            app = bench_app(folder)
            ids = fill(app, n)
            sites[n] = (
                app,
                ids,
                {"anonymous": app.test_client(), "team": signed_in(app, "orga", PASSWORD)},
            )
        samples = {(n, label): [] for n in SIZES for label, *_ in PAGES}
        sizes = {}
        for round_ in range(WARMUPS + ROUNDS):
            for n in SIZES:
                _app, ids, clients = sites[n]
                for label, who, path in PAGES:
                    url = f"/g/{SLUG}" + path.format(**ids)
                    start = time.perf_counter()
                    response = clients[who].get(url)
                    elapsed = (time.perf_counter() - start) * 1000
                    if response.status_code != 200:
                        raise SystemExit(f"{url} answered {response.status_code}")
                    if round_ >= WARMUPS:
                        samples[n, label].append(elapsed)
                    sizes[n, label] = gzipped_size(response.get_data())
        rows = [
            (
                n,
                label,
                round(statistics.median(samples[n, label]), 1),
                sizes[n, label],
                "ok" if sizes[n, label] <= BUDGET else "OVER",
            )
            for n in SIZES
            for label, *_ in PAGES
        ]
        print(f"\nmedian of {ROUNDS} interleaved rounds after {WARMUPS} warm-ups\n")
        print_table(("N", "page", "median ms", "gzip bytes", "≤ 14 KB"), rows)
        small, large = SIZES
        ratios = [
            (
                label,
                round(
                    statistics.median(samples[large, label])
                    / statistics.median(samples[small, label]),
                    2,
                ),
            )
            for label, *_ in PAGES
        ]
        print(f"\nratio {large // 1000}k / {small // 1000}k (goal ≤ {GOAL})\n")
        print_table(("page", "ratio"), ratios)
        if options.plans or any(ratio > GOAL for _, ratio in ratios):
            app, ids, _clients = sites[large]
            print(f"\nquery plan of the counts per building, {large} signatures:")
            print("\n".join(query_plan(app, ids["petition"])))
        for app, _ids, _clients in sites.values():
            with app.app_context():
                db.engine.dispose()  # let the temporary folder go
    return 0


if __name__ == "__main__":
    sys.exit(main())
