"""A long text, much discussed, still reads on a basic phone: every reading page of a
consultation of 300 paragraphs stays under the 14 KB budget.

The consultation (`big_consultation`, also used by the browser test at 240 px) has 20
sections of 12 or 18 paragraphs (so that some sections are cut into two parts), written
in words drawn at random (as hard to compress as what people write), and some 2,000
contributions, 3,000 positions and 1,000 supports of amendments, ten paragraphs much more
discussed than the rest.
"""

import gzip
import random
from types import SimpleNamespace

from sqlalchemy import insert

from assembly.extensions import db
from tests.web.test_pages import BUDGET

SAID = (  # what residents write, for words drawn at random
    "le bailleur charges ascenseur panne depuis mois enfants école voisine troisième étage "
    "colère fuite chauffage loyer quartier association mère travaille nuit hôpital cuisine "
    "réparation bâtiment escalier gardien facture humidité moisissure fenêtre parole travaux "
    "demandons exigeons locataires délai semaines entretien contrat régularisation provision"
)
WORDS = SAID.split()
SECTIONS = [12, 18] * 10  # paragraphs per section: 300
HOT = 10  # paragraphs much more discussed than the others


def words(rng: random.Random, size: int) -> str:
    """Words drawn at random, about `size` characters, ending with a full stop."""
    text = ""
    while len(text) < size:
        text += rng.choice(WORDS) + (", " if rng.random() < 0.1 else " ")
    return text.strip(" ,").capitalize() + "."


def big_text(rng: random.Random) -> str:
    parts = []
    for number, size in enumerate(SECTIONS, start=1):
        parts.append(f"## {number}. {words(rng, 60)}")
        parts += [words(rng, rng.randrange(200, 700)) for _ in range(size)]
    return "\n\n".join(parts)


def big_consultation(app, group_id: int, by_id: int | None, seed: int = 16) -> SimpleNamespace:
    """An open public consultation of 300 paragraphs and its contributions, as rows."""
    from datetime import date

    from assembly.auth.models import User
    from assembly.consultations.models import Contribution, Endorsement, Stance
    from assembly.consultations.operations.text import create_consultation, open_consultation
    from assembly.groups.models import Group

    rng = random.Random(seed)
    with app.app_context():
        consultation = create_consultation(
            db.session.get(Group, group_id),
            title="Notre réponse au projet de renouvellement urbain du quartier",
            text=big_text(rng),
            opens_on=date(2026, 1, 1),
            closes_on=date(2099, 12, 31),
            by=db.session.get(User, by_id) if by_id else None,
        )
        open_consultation(consultation)
        paragraphs = [p for p in consultation.consulted.paragraphs if not p.heading]
        hot = rng.sample(paragraphs, HOT)
        rows = []
        for paragraph in paragraphs:
            for _ in range(30 if paragraph in hot else rng.randrange(0, 12)):
                kind = rng.choice(("for", "for", "against", "question", "amendment"))
                rows.append(
                    {
                        "consultation_id": consultation.id,
                        "paragraph_id": paragraph.id,
                        "kind": kind,
                        "text": words(rng, rng.randrange(40, 300)),
                        "rewrite": words(rng, len(paragraph.body)) if kind == "amendment" else None,
                        "author_name": rng.choice(("", "", "Fatou D.", "Karim", "Mme Leroy")),
                        "anonymous_key": f"k{rng.randrange(900)}",
                        "moderation": "pending" if rng.random() < 0.05 else "approved",
                        "channel": "web",
                    }
                )
        db.session.execute(insert(Contribution), rows)
        stances = {(rng.choice(paragraphs).id, f"k{rng.randrange(2000)}") for _ in range(3000)}
        db.session.execute(
            insert(Stance),
            [
                {
                    "consultation_id": consultation.id,
                    "paragraph_id": paragraph_id,
                    "anonymous_key": key,
                    "position": rng.choice(("support", "support", "oppose")),
                }
                for paragraph_id, key in stances
            ],
        )
        amendments = list(
            db.session.scalars(
                db.select(Contribution.id).where(
                    Contribution.consultation_id == consultation.id,
                    Contribution.kind == "amendment",
                )
            )
        )
        supports = {(rng.choice(amendments), f"k{rng.randrange(2000)}") for _ in range(1000)}
        db.session.execute(
            insert(Endorsement),
            [{"contribution_id": c, "anonymous_key": key} for c, key in supports],
        )
        db.session.commit()
        hottest = max(hot, key=lambda p: sum(1 for r in rows if r["paragraph_id"] == p.id))
        return SimpleNamespace(
            number=consultation.number,
            paragraphs=[p.id for p in paragraphs],
            hottest=hottest.id,
            contributions=len(rows),
        )


def weight(response) -> int:
    assert response.status_code == 200
    return len(gzip.compress(response.get_data(), 6))


def reading_pages(client, base: str, big: SimpleNamespace) -> dict[str, str]:
    """Every reading page of the consultation (each part and summary page found by
    following the links), and two paragraphs: the most discussed one and the first."""
    import re

    overview = client.get(base).get_data(as_text=True)
    parts = sorted(set(re.findall(rf'href="({re.escape(base)}/text\?part=\d+)"', overview)))
    pages = {"overview": base, **{f"part {url.rsplit('=', 1)[1]}": url for url in parts}}
    summary = client.get(base + "/summary").get_data(as_text=True)
    last = max(int(n) for n in re.findall(r"Page \d+ (?:sur|of) (\d+)", summary))
    pages |= {f"summary {n}": f"{base}/summary?page={n}" for n in range(1, last + 1)}
    pages["most discussed paragraph"] = f"{base}/p/{big.hottest}"
    pages["first paragraph"] = f"{base}/p/{big.paragraphs[0]}"
    return pages


def test_every_reading_page_of_a_long_much_discussed_text_fits_the_budget(
    app, client, auth, group, people
):
    big = big_consultation(app, group.id, people["organizer"].id)
    assert len(big.paragraphs) == 300 and big.contributions > 1500
    base = f"/g/glycines/consultations/{big.number}"
    pages = reading_pages(client, base, big)
    assert len([name for name in pages if name.startswith("part")]) == 30
    assert len([name for name in pages if name.startswith("summary")]) == 10
    for visitor in ("anonymous", "organizer"):
        if visitor != "anonymous":
            auth.login(visitor)
        for name, url in pages.items():
            assert weight(client.get(url)) <= BUDGET, f"{name} ({visitor}) weighs too much"
