"""Time the contact book and a person's page with 1 000 and 20 000 people.

An organizer's pages must stay as quick for a big group as for a small one: the goal
is that 20 times more people (and their activity) cost at most 1.5 times the time.
For each size, the script builds the app on a throwaway SQLite file, bulk-inserts
people (fixed seed) with ten activities each — needs they raised, meetings they
attended, doors where they were met, one-to-ones — so 200 000 activities at 20 000
people, runs ANALYZE, then times each page through the Flask test client, signed in
as an organizer through the real login form.

    .venv/bin/python bench/people_scale.py            # or: make bench

It changes nothing outside a temporary folder.
"""

import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from bench_app import bench_app, signed_in  # bench/bench_app.py: the scripts run from this folder
from needs_scale import gzipped_size, print_table

SIZES = (1_000, 20_000)
WARMUPS, RUNS = 3, 15
CHUNK = 5_000
BUDGET = 14 * 1024
GOAL = 1.5
SEED = 2026
SLUG = "quartier"
PASSWORD = "un mot de passe solide"  # noqa: S105 (a throwaway bench account)
MEETINGS = 60
NEEDS_PER_PERSON, ATTENDANCES_PER_PERSON, DOORS_PER_PERSON, TALKS_PER_PERSON = 3, 4, 2, 1

FIRST = (
    "Awa", "Karim", "Inès", "Bernard", "Fatou", "Leïla", "Marc", "Nadia", "Yusuf", "Rosa",
    "Mamadou", "Hélène", "Sokhna", "Kevin", "Thi Lan", "Gérard", "Ibrahima", "Chantal",
)  # fmt: skip
LAST = (
    "Diallo", "Haddad", "Moreau", "Lefèvre", "Koné", "Martin", "Traoré", "Dubois", "Demir",
    "Fernandes", "Ndiaye", "Petit", "Nguyen", "Blanc", "Sow", "Lambert", "Roux", "Camara",
)  # fmt: skip
BUILDINGS = tuple(f"Bâtiment {letter}" for letter in "ABCDEFGHJK")
LANGUAGES = ("fr", "fr, arabe", "fr, wolof", "fr, bambara", "fr, portugais", "ukrainien")


def fill(app, n: int) -> tuple[float, int]:
    """A group with an organizer, `n` people and their activities; (seconds, person to show)."""
    from sqlalchemy import insert, text

    from assembly.auth.operations import create_user
    from assembly.canvassing.models import Canvass, Visit
    from assembly.extensions import db
    from assembly.groups.models import Role
    from assembly.groups.operations import add_member, create_group
    from assembly.meetings.models import Attendance, Meeting
    from assembly.needs.models import Need
    from assembly.people.models import Consent, OneToOne, Person

    rng = random.Random(SEED)
    with app.app_context():
        organizer = create_user("orga", "Orga Nisatrice", PASSWORD)
        group = create_group("Collectif du quartier", SLUG, admin=organizer)
        add_member(group, organizer, Role.ORGANIZER)
        db.session.commit()
        start = time.perf_counter()
        epoch = datetime(2025, 6, 1, 12, 0)
        people = [
            {
                "id": i,
                "group_id": group.id,
                "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                "phone": f"+3319900{i:04d}" if i < 10_000 else "",
                "email": "",
                "address": "",
                "building": rng.choice(BUILDINGS),
                "staircase": "",
                "floor": f"{rng.randint(0, 12)}e",
                "language": "fr",
                "languages": rng.choice(LANGUAGES),
                "sensitive": "",
                "ladder_rank": min(4, int(rng.paretovariate(1.5)) - 1),
                "last_contact_at": epoch - timedelta(days=rng.randrange(900)),
                "created_at": epoch - timedelta(days=900),
            }
            for i in range(1, n + 1)
        ]
        consents = [
            {
                "person_id": p["id"],
                "purpose": "group_actions",
                "wording": "Être contacté·e pour les actions et réunions du collectif",
                "version": 1,
                "source": "door",
                "given_at": p["created_at"],
            }
            for p in people
            if p["phone"]
        ]
        meetings = [
            {
                "id": m,
                "group_id": group.id,
                "title": f"Assemblée {m}",
                "starts_at": epoch - timedelta(days=15 * m),
                "join_code": f"B{m:04d}",
            }
            for m in range(1, MEETINGS + 1)
        ]
        canvass = Canvass(
            group_id=group.id,
            name="Écoute",
            starts_on=date(2024, 1, 1),
            ends_on=date(2026, 1, 1),
            places="\n".join(BUILDINGS),
        )
        db.session.add(canvass)
        db.session.flush()
        needs, attendances, visits, talks = [], [], [], []
        for p in people:
            for _ in range(NEEDS_PER_PERSON):
                needs.append(
                    {
                        "group_id": group.id,
                        "number": len(needs) + 1,
                        "title": f"Besoin {len(needs) + 1} : l'ascenseur du {p['building']}",
                        "person_id": p["id"],
                        "author_name": p["name"],
                        "moderation": "approved",
                        "created_at": epoch - timedelta(days=rng.randrange(900)),
                    }
                )
            for m in rng.sample(range(1, MEETINGS + 1), ATTENDANCES_PER_PERSON):
                attendances.append({"meeting_id": m, "person_id": p["id"], "name": p["name"]})
            for _ in range(DOORS_PER_PERSON):
                visits.append(
                    {
                        "group_id": group.id,
                        "canvass_id": canvass.id,
                        "building": p["building"],
                        "floor": p["floor"],
                        "outcome": "talked",
                        "words": "Les charges ont encore augmenté.",
                        "person_id": p["id"],
                        "created_at": epoch - timedelta(days=rng.randrange(700)),
                    }
                )
            for _ in range(TALKS_PER_PERSON):
                talks.append(
                    {
                        "person_id": p["id"],
                        "met_on": date(2025, 1, 1) + timedelta(days=rng.randrange(150)),
                        "self_interest": "Le logement de ses enfants.",
                        "next_step": "Venir à l'assemblée",
                    }
                )
        for model, rows in (
            (Person, people),
            (Consent, consents),
            (Meeting, meetings),
            (Need, needs),
            (Attendance, attendances),
            (Visit, visits),
            (OneToOne, talks),
        ):
            for first in range(0, len(rows), CHUNK):
                db.session.execute(insert(model), rows[first : first + CHUNK])
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        activities = len(needs) + len(attendances) + len(visits) + len(talks)
        print(f"{n} people, {activities} activities: filled in {time.perf_counter() - start:.1f} s")
        return time.perf_counter() - start, n // 2


def time_page(client, url: str) -> tuple[float, float, int]:
    """Median and 95th percentile in ms of RUNS requests after WARMUPS, and gzip bytes."""
    import statistics

    samples = []
    for run in range(WARMUPS + RUNS):
        start = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        if run >= WARMUPS:
            samples.append(elapsed)
    p95 = statistics.quantiles(samples, n=20, method="inclusive")[18]
    return statistics.median(samples), p95, gzipped_size(response.get_data())


def pages(person_id: int) -> tuple[tuple[str, str], ...]:
    return (
        ("contact book, first page", "/people"),
        ("search a name", "/people?q=Diallo"),
        ("search a building", "/people?q=B%C3%A2timent+C"),
        ("filter a ladder level", "/people?level=2"),
        ("contact book, page 10", "/people?page=10"),
        ("a person's page", f"/people/{person_id}"),
        ("follow-up list", "/people/follow-up"),
    )


def main() -> int:
    from assembly.extensions import db

    rows, medians = [], {}
    for n in SIZES:
        with tempfile.TemporaryDirectory(prefix="assembly-bench-") as tmp:
            app = bench_app(Path(tmp))
            _, person_id = fill(app, n)
            client = signed_in(app, "orga", PASSWORD)
            for label, path in pages(person_id):
                median, p95, size = time_page(client, f"/g/{SLUG}{path}")
                budget = "ok" if size <= BUDGET else "OVER"
                rows.append((n, label, round(median, 1), round(p95, 1), size, budget))
                medians[n, label] = median
            with app.app_context():
                db.engine.dispose()

    print(f"\nmedian and 95th percentile of {RUNS} requests after {WARMUPS} warm-ups\n")
    print_table(("N", "page", "median ms", "p95 ms", "gzip bytes", "≤ 14 KB"), rows)
    small, large = SIZES
    print(f"\nratio {large // 1000}k / {small // 1000}k (goal ≤ {GOAL})\n")
    print_table(
        ("page", "ratio"),
        [(label, round(medians[large, label] / medians[small, label], 2)) for label, _ in pages(0)],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
