"""Time a consultation's reading pages with 1 000 and 50 000 contributions.

The issue (« Consultation sur un texte ») measures itself against République numérique:
tens of thousands of contributions on one text. A text of 300 paragraphs in 20 sections
is consulted; for each size N, N comments and amendments (5 % waiting for approval), N
positions and N / 5 supports of amendments are bulk-inserted from about N / 3 browsers,
ten paragraphs much more discussed than the others (fixed seed); then ANALYZE. The two
databases stay open side by side and the pages are timed in interleaved rounds through
the test client, as an anonymous visitor:

- the overview (each part with its number of contributions),
- a part of the text (15 paragraphs and their counts),
- a paragraph: an ordinary one, and the most discussed one (every contribution listed),
- the summary: its first page and its last (the counts of all 300 paragraphs, sorted).

    .venv/bin/python bench/consultation_scale.py            # or: make bench
    .venv/bin/python bench/consultation_scale.py 500 5000   # other sizes, smallest first

It changes nothing outside a temporary folder.
"""

import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench_app import bench_app  # bench/bench_app.py: the scripts run from this folder
from needs_scale import gzipped_size, print_table, ratio, timed

SIZES = (1_000, 50_000)
WARMUPS, ROUNDS = 2, 15
CHUNK = 5_000
BUDGET = 14 * 1024
SEED = 2016
SLUG = "quartier"
SECTIONS = [12, 18] * 10  # 300 paragraphs
HOT = 10  # paragraphs that draw a third of the contributions
SAID = (  # what residents write, for words drawn at random
    "le bailleur charges ascenseur panne depuis mois enfants école voisine troisième étage "
    "colère fuite chauffage loyer quartier association mère travaille nuit hôpital cuisine "
    "réparation bâtiment escalier gardien facture humidité moisissure fenêtre parole travaux "
    "demandons exigeons locataires délai semaines entretien contrat régularisation provision"
)
WORDS = SAID.split()


def words(rng: random.Random, size: int) -> str:
    text = ""
    while len(text) < size:
        text += rng.choice(WORDS) + (", " if rng.random() < 0.1 else " ")
    return text.strip(" ,").capitalize() + "."


def text(rng: random.Random) -> str:
    blocks = []
    for number, size in enumerate(SECTIONS, start=1):
        blocks.append(f"## {number}. {words(rng, 50)}")
        blocks += [words(rng, rng.randrange(200, 700)) for _ in range(size)]
    return "\n\n".join(blocks)


def fill(app, n: int) -> dict:
    """The consultation and about `n` contributions; returns the pages' addresses."""
    from sqlalchemy import insert
    from sqlalchemy import text as sql

    from assembly.auth.operations import create_user
    from assembly.consultations.models import Contribution, Endorsement, Stance
    from assembly.consultations.operations.text import create_consultation, open_consultation
    from assembly.extensions import db
    from assembly.groups.operations import create_group

    rng = random.Random(SEED)
    start = time.perf_counter()
    with app.app_context():
        organizer = create_user("orga", "Orga Nisatrice", "un mot de passe solide")
        group = create_group("Collectif du quartier", SLUG, admin=organizer)
        consultation = create_consultation(
            group,
            title="Notre réponse au projet de renouvellement urbain",
            text=text(rng),
            opens_on=date(2026, 1, 1),
            closes_on=date(2099, 12, 31),
            by=organizer,
        )
        open_consultation(consultation)
        paragraphs = [p.id for p in consultation.consulted.paragraphs if not p.heading]
        hot = rng.sample(paragraphs, HOT)
        browsers = max(n // 3, 50)

        def paragraph() -> int:
            return rng.choice(hot) if rng.random() < 1 / 3 else rng.choice(paragraphs)

        def bulk(model, rows) -> None:
            for first in range(0, len(rows), CHUNK):
                db.session.execute(insert(model), rows[first : first + CHUNK])

        kinds = ("for", "for", "against", "question", "amendment")
        rows = []
        for _ in range(n):
            kind = rng.choice(kinds)
            rows.append(
                {
                    "consultation_id": consultation.id,
                    "paragraph_id": paragraph(),
                    "kind": kind,
                    "text": words(rng, rng.randrange(40, 300)),
                    "rewrite": words(rng, 400) if kind == "amendment" else None,
                    "anonymous_key": f"k{rng.randrange(browsers)}",
                    "moderation": "pending" if rng.random() < 0.05 else "approved",
                    "channel": "web",
                }
            )
        bulk(Contribution, rows)
        positions = {(paragraph(), f"k{rng.randrange(browsers)}") for _ in range(n)}
        bulk(
            Stance,
            [
                {
                    "consultation_id": consultation.id,
                    "paragraph_id": p,
                    "anonymous_key": key,
                    "position": rng.choice(("support", "support", "oppose")),
                }
                for p, key in positions
            ],
        )
        amendments = list(
            db.session.scalars(db.select(Contribution.id).where(Contribution.kind == "amendment"))
        )
        supports = {(rng.choice(amendments), f"k{rng.randrange(browsers)}") for _ in range(n // 5)}
        bulk(Endorsement, [{"contribution_id": c, "anonymous_key": k} for c, k in supports])
        db.session.execute(sql("ANALYZE"))
        db.session.commit()
        ordinary = next(p for p in paragraphs if p not in hot)
        hottest = max(hot, key=lambda p: sum(1 for row in rows if row["paragraph_id"] == p))
        base = f"/g/{SLUG}/consultations/{consultation.number}"
    print(f"{n} contributions: filled in {time.perf_counter() - start:.1f} s")
    return {
        "overview": base,
        "part 10": f"{base}/text?part=10",
        "paragraph": f"{base}/p/{ordinary}",
        "paragraph, most discussed": f"{base}/p/{hottest}",
        "summary, page 1": f"{base}/summary",
        "summary, page 10": f"{base}/summary?page=10",
    }


def main() -> int:
    from assembly.extensions import db

    sizes_asked = tuple(int(arg) for arg in sys.argv[1:]) or SIZES
    with tempfile.TemporaryDirectory(prefix="assembly-bench-") as tmp:
        sites = {}
        for n in sizes_asked:
            folder = Path(tmp) / str(n)
            folder.mkdir()
            app = bench_app(folder)
            sites[n] = (app, app.test_client(), fill(app, n))
        labels = list(sites[sizes_asked[0]][2])
        samples = {(n, label): [] for n in sizes_asked for label in labels}
        cpu = {(n, label): [] for n in sizes_asked for label in labels}
        sizes = {}
        for round_ in range(WARMUPS + ROUNDS):
            for n in sizes_asked:
                _app, client, pages = sites[n]
                for label in labels:
                    elapsed, used, body = timed(client, pages[label])
                    if round_ >= WARMUPS:
                        samples[n, label].append(elapsed)
                        cpu[n, label].append(used)
                    sizes[n, label] = gzipped_size(body)
        rows = [
            (
                n,
                label,
                round(statistics.median(samples[n, label]), 1),
                round(statistics.median(cpu[n, label]), 1),
                sizes[n, label],
                "ok" if sizes[n, label] <= BUDGET else "OVER",
            )
            for n in sizes_asked
            for label in labels
        ]
        print(f"\nmedian of {ROUNDS} interleaved rounds after {WARMUPS} warm-ups; CPU: this")
        print("process's time (SQLite runs in it), steadier than the clock on a busy machine\n")
        print_table(("N", "page", "median ms", "CPU ms", "gzip bytes", "≤ 14 KB"), rows)
        small, large = sizes_asked[0], sizes_asked[-1]
        ratios = [
            (label, ratio(samples, large, small, label), ratio(cpu, large, small, label))
            for label in labels
        ]
        print(f"\nratio {large} / {small}\n")
        print_table(("page", "clock", "CPU"), ratios)
        for app, _client, _pages in sites.values():
            with app.app_context():
                db.engine.dispose()  # let the temporary folder go
    return 0


if __name__ == "__main__":
    sys.exit(main())
