"""Seeding contributions, answers and a final text with the models directly, for the tests
of the team's answers, the final text and the "what we kept" page."""

import gzip
import re

from assembly.consultations.models import (
    Consultation,
    Contribution,
    ContributionType,
    Paragraph,
    TeamAnswer,
    TextVersion,
)
from assembly.extensions import db
from assembly.needs.models import Moderation

BUDGET = 14 * 1024  # gzipped bytes of a page


def contribute(app, consultation_id, paragraph_id, kind="for", text="", **fields):
    """A contribution (approved unless `moderation=` says otherwise); returns its id."""
    with app.app_context():
        fields.setdefault("moderation", Moderation.APPROVED)
        if isinstance(fields.get("answer"), str):
            fields["answer"] = TeamAnswer(fields["answer"])
        contribution = Contribution(
            consultation_id=consultation_id,
            paragraph_id=paragraph_id,
            kind=ContributionType(kind),
            text=text,
            **fields,
        )
        db.session.add(contribution)
        db.session.commit()
        return contribution.id


def write_final(app, consultation_id, changes=(), added=()):
    """Give the consultation a final text: a copy of the consulted one where `changes`
    {consulted paragraph id: (new body or None to keep it, [source ids])} apply, then
    `added` paragraphs [(after consulted paragraph id, body, [source ids])].
    Returns {consulted id or "added N": final paragraph id}."""
    changes = dict(changes)
    with app.app_context():
        consultation = db.session.get(Consultation, consultation_id)
        version = TextVersion(number=2)
        position, made, finals = 0, {}, []
        for paragraph in consultation.consulted.paragraphs:
            position += 1
            body, sources = changes.get(paragraph.id, (None, []))
            body = paragraph.body if body is None else body
            final = Paragraph(
                position=position, level=paragraph.level, body=body, origin_id=paragraph.id
            )
            final.sources = [db.session.get(Contribution, i) for i in sources]
            finals.append((paragraph.id, final))
            for number, (after, text, links) in enumerate(added):
                if after == paragraph.id:
                    position += 1
                    extra = Paragraph(position=position, body=text)
                    extra.sources = [db.session.get(Contribution, i) for i in links]
                    finals.append((f"added {number}", extra))
        version.paragraphs = [final for _, final in finals]
        consultation.versions.append(version)
        db.session.commit()
        made = {key: final.id for key, final in finals}
    return made


def section(html: str, element_id: str) -> str:
    """The <section> or <li> whose id is `element_id`, as HTML (up to its closing tag)."""
    match = re.search(rf'<(section|li) [^>]*id="{element_id}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f"no #{element_id} on the page"
    return match.group(2)


def words(html: str) -> str:
    """The text of some HTML, tags out and spaces folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def gzipped(response) -> int:
    return len(gzip.compress(response.get_data(), 6))


def walk_parts(client, url: str) -> tuple[int, str]:
    """Open every part of a paged page (`?part=`), each within the budget; the number of
    paragraphs they showed, and the last part's HTML."""
    part, seen = 1, 0
    while True:
        response = client.get(f"{url}?part={part}")
        html = response.get_data(as_text=True)
        assert gzipped(response) <= BUDGET, (part, gzipped(response))
        seen += html.count('<section class="paragraph"')
        if f"part={part + 1}" not in html:
            return seen, html
        part += 1
