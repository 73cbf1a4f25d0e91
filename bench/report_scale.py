"""Time the report and its lexical page for a group with 1 000 and 100 000 contributions.

The goal (issue « Retour d'expérience »): a hundred times more contributions cost at most
three times the time to read, each page under the 14 KB budget. How: the figures are
computed once per period and kept (`assembly.insights.snapshots`, refreshed after
REPORT_MAX_AGE_MINUTES or when the team asks), so reading them does not grow with the
records; computing them does, and this script prints that cost too (« cold »: the first
reading after the team's "compute again").

For each size it builds the app on a throwaway SQLite file and bulk-inserts a year of a
group's life (fixed seed): people, needs in several themes and channels with French text,
"moi aussi", door conversations with notes, meetings with attendance and speaking turns,
ballots and arguments, petition signatures; then ANALYZE. The two databases stay open
side by side and the pages are timed in interleaved rounds through the test client.

    .venv/bin/python bench/report_scale.py            # or: make bench
    .venv/bin/python bench/report_scale.py 500 5000   # other sizes, smallest first

It changes nothing outside a temporary folder.
"""

import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from bench_app import (  # bench/bench_app.py: the scripts run from this folder
    CSRF_RE,
    bench_app,
    signed_in,
)
from needs_scale import gzipped_size, print_table, timed

SIZES = (1_000, 100_000)
WARMUPS, ROUNDS, COLD_ROUNDS = 2, 15, 3
CHUNK = 5_000
BUDGET = 14 * 1024
GOAL = 3.0
SEED = 2026
SLUG = "quartier"
PASSWORD = "un mot de passe solide"  # noqa: S105 (a throwaway bench account)
PAGES = (("report", "/report"), ("words", "/report/words"), ("bilan", "/report/bilan"))

THEMES = ("Logement", "Propreté", "Sécurité", "Jeunesse", "Transports", "Charges", "Santé")
PLACES = [f"Bâtiment {b}" for b in "ABCDEFGHIJKL"] + ["Rue des Lilas", "Place du Marché"]
WORDS = [
    "ascenseur",
    "panne",
    "escalier",
    "poubelles",
    "local",
    "vélos",
    "charges",
    "chauffage",
    "fuite",
    "humidité",
    "moisissure",
    "cafards",
    "éclairage",
    "parking",
    "voitures",
    "bruit",
    "nuit",
    "enfants",
    "aire",
    "jeux",
    "bus",
    "horaires",
    "arrêt",
    "médecin",
    "pharmacie",
    "loyer",
    "bailleur",
    "gardien",
    "réparation",
    "porte",
    "interphone",
    "boîtes",
    "lettres",
    "cave",
    "sécurité",
    "jeunes",
    "terrain",
    "foot",
    "fête",
    "voisins",
    "marché",
    "école",
    "cantine",
]
JOINERS = ("le", "la", "les", "de", "du", "des", "et", "ne", "pas", "est", "dans", "notre")


def sentence(rng: random.Random, n: int = 12) -> str:
    return " ".join(
        rng.choice(WORDS) if rng.random() < 0.6 else rng.choice(JOINERS) for _ in range(n)
    )


def fill(app, n: int) -> None:
    """A group whose year of activity adds up to about `n` contributions."""
    from sqlalchemy import insert, text

    from assembly.auth.operations import create_user
    from assembly.campaigns.models import Campaign, Petition, Signature
    from assembly.canvassing.models import Canvass, Visit
    from assembly.decisions.models import Argument, Ballot, Decision
    from assembly.extensions import db
    from assembly.groups.models import Role
    from assembly.groups.operations import add_member, create_group
    from assembly.meetings.models import Attendance, Meeting, SpeakerTurn
    from assembly.needs.models import Need, Support, Theme
    from assembly.people.models import Person

    rng = random.Random(SEED)
    now = datetime.now().replace(microsecond=0)  # noqa: DTZ005 (naive, as stored)
    year_ago = now - timedelta(days=360)

    def when() -> datetime:
        return year_ago + timedelta(seconds=rng.randrange(358 * 86400))

    def bulk(model, rows: list[dict]) -> list[int]:
        for first in range(0, len(rows), CHUNK):
            db.session.execute(insert(model), rows[first : first + CHUNK])
        return list(db.session.scalars(db.select(model.id).order_by(model.id)))

    start = time.perf_counter()
    with app.app_context():
        organizer = create_user("orga", "Orga Nisatrice", PASSWORD)
        group = create_group("Collectif du quartier", SLUG, admin=organizer)
        add_member(group, organizer, Role.ORGANIZER)
        db.session.commit()
        gid = group.id
        themes = bulk(Theme, [{"group_id": gid, "name": name} for name in THEMES])
        people = bulk(
            Person, [{"group_id": gid, "name": f"Habitant·e {i}"} for i in range(max(n // 8, 20))]
        )
        needs = bulk(
            Need,
            [
                {
                    "group_id": gid,
                    "number": i + 1,
                    "title": sentence(rng, 6)[:140],
                    "body": sentence(rng, 25),
                    "theme_id": rng.choice(themes),
                    "place": rng.choice(PLACES),
                    "channel": rng.choice(("web", "door", "meeting", "paper", "phone")),
                    "status": rng.choice(("new", "acknowledged", "taken_up", "resolved")),
                    "moderation": "approved",
                    "person_id": rng.choice(people),
                    "created_at": when(),
                }
                for i in range(n * 25 // 100)
            ],
        )
        bulk(
            Support,
            [
                {
                    "need_id": rng.choice(needs),
                    "person_id": rng.choice(people),
                    "created_at": when(),
                }
                for _ in range(n * 30 // 100)
            ],
        )
        canvass = Canvass(
            group_id=gid, name="Écoute", starts_on=year_ago.date(), ends_on=date.today()
        )
        db.session.add(canvass)
        db.session.flush()
        bulk(
            Visit,
            [
                {
                    "group_id": gid,
                    "canvass_id": canvass.id,
                    "building": rng.choice(PLACES),
                    "outcome": "talked",
                    "words": sentence(rng, 20),
                    "person_id": rng.choice(people),
                    "created_at": when(),
                }
                for _ in range(n * 10 // 100)
            ],
        )
        meetings = bulk(
            Meeting,
            [
                {
                    "group_id": gid,
                    "title": f"Assemblée {i + 1}",
                    "starts_at": when(),
                    "state": "closed",
                    "join_code": f"B{i:05d}",
                }
                for i in range(max(n // 2000, 2))
            ],
        )
        attendances = bulk(
            Attendance,
            [
                {
                    "meeting_id": rng.choice(meetings),
                    "name": "Présent·e",
                    "person_id": rng.choice(people),
                    "first_time": rng.random() < 0.3,
                    "gender": rng.choice(("woman", "man", "other", "unsaid", None)),
                    "age_bracket": rng.choice(("18–29", "30–44", "45–64", "65+", None)),
                }
                for _ in range(n * 15 // 100)
            ],
        )
        meeting_of = dict(db.session.execute(db.select(Attendance.id, Attendance.meeting_id)).all())
        turns = []
        for _ in range(n * 10 // 100):
            attendance = rng.choice(attendances)
            asked = when()
            turns.append(
                {
                    "meeting_id": meeting_of[attendance],
                    "attendance_id": attendance,
                    "asked_at": asked,
                    "started_at": asked + timedelta(seconds=30),
                    "ended_at": asked + timedelta(seconds=30 + rng.randrange(20, 300)),
                }
            )
        bulk(SpeakerTurn, turns)
        decisions = bulk(
            Decision,
            [
                {
                    "group_id": gid,
                    "meeting_id": rng.choice(meetings) if i % 2 else None,
                    "question": f"Question {i + 1} ?",
                    "method": "ballot",
                    "status": "closed",
                    "public": True,
                }
                for i in range(max(n // 1000, 2))
            ],
        )
        bulk(
            Ballot,
            [
                {"id": i + 1, "decision_id": rng.choice(decisions), "choice": "yes"}
                for i in range(n * 5 // 100)
            ],
        )
        bulk(
            Argument,
            [
                {
                    "decision_id": rng.choice(decisions),
                    "side": rng.choice(("for", "against")),
                    "body": sentence(rng, 15),
                    "created_at": when(),
                }
                for _ in range(n * 3 // 100)
            ],
        )
        campaign = Campaign(group_id=gid, title="Des ascenseurs qui marchent", stage="active")
        db.session.add(campaign)
        db.session.flush()
        petition = Petition(campaign_id=campaign.id, title="Réparez", text="Nous demandons…")
        db.session.add(petition)
        db.session.flush()
        bulk(
            Signature,
            [
                {
                    "petition_id": petition.id,
                    "name": f"Signataire {i}",
                    "name_key": f"signataire {i}",
                    "place": rng.choice(PLACES),
                    "place_key": rng.choice(PLACES).lower(),
                    "created_at": when(),
                }
                for i in range(n * 7 // 100)
            ],
        )
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    print(f"about {n} contributions: filled in {time.perf_counter() - start:.1f} s")


def forget(client) -> None:
    """The team's "compute again": the next reading computes every figure afresh."""
    page = client.get(f"/g/{SLUG}/report").get_data(as_text=True)
    token = CSRF_RE.search(page).group(1)
    answer = client.post(f"/g/{SLUG}/report/refresh", data={"csrf_token": token})
    if answer.status_code != 302:
        raise SystemExit(f"refresh answered {answer.status_code}")


def main() -> int:
    from assembly.extensions import db

    sizes_asked = tuple(int(arg) for arg in sys.argv[1:]) or SIZES

    with tempfile.TemporaryDirectory(prefix="assembly-bench-") as tmp:
        sites = {}
        for n in sizes_asked:
            folder = Path(tmp) / str(n)
            folder.mkdir()
            app = bench_app(folder)
            fill(app, n)
            sites[n] = (app, signed_in(app, "orga", PASSWORD))
        cold = {(n, label): [] for n in sizes_asked for label, _ in PAGES}
        for _ in range(COLD_ROUNDS):
            for n in sizes_asked:
                client = sites[n][1]
                for label, path in PAGES:
                    forget(client)
                    cold[n, label].append(timed(client, f"/g/{SLUG}{path}")[0])
        samples = {(n, label): [] for n in sizes_asked for label, _ in PAGES}
        sizes = {}
        for round_ in range(WARMUPS + ROUNDS):
            for n in sizes_asked:
                client = sites[n][1]
                for label, path in PAGES:
                    elapsed, _, body = timed(client, f"/g/{SLUG}{path}")
                    if round_ >= WARMUPS:
                        samples[n, label].append(elapsed)
                    sizes[n, label] = gzipped_size(body)
        rows = [
            (
                n,
                label,
                round(statistics.median(samples[n, label]), 1),
                round(statistics.median(cold[n, label]), 1),
                sizes[n, label],
                "ok" if sizes[n, label] <= BUDGET else "OVER",
            )
            for n in sizes_asked
            for label, _ in PAGES
        ]
        print(f"\nmedian of {ROUNDS} interleaved rounds after {WARMUPS} warm-ups (kept figures);")
        print(f"cold: the first reading after « compute again », median of {COLD_ROUNDS}\n")
        print_table(("N", "page", "median ms", "cold ms", "gzip bytes", "≤ 14 KB"), rows)
        small, large = sizes_asked[0], sizes_asked[-1]
        ratios = [
            (
                label,
                round(
                    statistics.median(samples[large, label])
                    / statistics.median(samples[small, label]),
                    2,
                ),
            )
            for label, _ in PAGES
        ]
        print(f"\nratio {large} / {small}, kept figures (goal ≤ {GOAL})\n")
        print_table(("page", "ratio"), ratios)
        for app, _client in sites.values():
            with app.app_context():
                db.engine.dispose()  # let the temporary folder go
    return 0


if __name__ == "__main__":
    sys.exit(main())
