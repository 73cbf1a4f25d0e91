"""What a campaign tells the residents whose needs it took up, when it ends.

One message per person who raised one or more of its needs (however many), under their
live consent to hear what becomes of their needs (NEED_FOLLOWUP), written in the
transaction that ends the campaign. Dedup key: campaign:<id>:ended:<stage>:person:<person>
(reopened then ended the same way, it is not told twice; ended another way, it is).
"""

from collections.abc import Collection

from assembly.campaigns.models import Campaign
from assembly.extensions import db
from assembly.messages.models import Message, MessageKind
from assembly.messages.outbox import absolute_url, notify
from assembly.needs.models import Need
from assembly.people.models import ConsentPurpose, Person

ENDED = "campaigns/messages/ended.txt"


def raisers(campaign: Campaign) -> list[tuple[Person, list[Need]]]:
    """Who raised the campaign's needs, each once, with the needs they raised."""
    ids = {need.person_id for need in campaign.needs} - {None}
    people = {p.id: p for p in db.session.scalars(db.select(Person).where(Person.id.in_(ids)))}
    found: dict[int, tuple[Person, list[Need]]] = {}
    for need in campaign.needs:
        if need.person_id is not None:
            person = people[need.person_id]
            found.setdefault(person.id, (person, []))[1].append(need)
    return [found[person_id] for person_id in sorted(found)]


def ended_key(campaign: Campaign, person: Person) -> str:
    return f"campaign:{campaign.id}:ended:{campaign.stage.value}:person:{person.id}"


def campaign_ended(campaign: Campaign, resolved: Collection[int]) -> list[Message]:
    """Tell each person who raised a need of the campaign how it ended, and which of
    their needs the team marked resolved (`resolved`: need ids); the messages written."""
    written = []
    for person, needs in raisers(campaign):
        if campaign.public:  # ended: anyone may read it
            link = absolute_url("campaigns.show", slug=campaign.group.slug, campaign_id=campaign.id)
        else:
            link = absolute_url("needs.show", slug=campaign.group.slug, number=needs[0].number)
        message = notify(
            person,
            kind=MessageKind.NEED_UPDATE,
            purpose=ConsentPurpose.NEED_FOLLOWUP,
            template=ENDED,
            dedup=ended_key(campaign, person),
            link=link,
            campaign=campaign,
            needs=needs,
            resolved=[need for need in needs if need.id in resolved],
        )
        if message is not None:
            written.append(message)
    return written
