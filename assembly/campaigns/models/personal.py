"""What campaigns keep about people (the /data page, export, erasure and purge read it)."""

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from assembly.campaigns.models.petitions import Signature
from assembly.people.followup import met_in
from assembly.web.personal_data import Erase, Keep, Kept, Purge, Refers, declare

# How long an online signer's scrambled address counts against the rate limit, and is kept.
ADDRESS_WINDOW = timedelta(days=1)


def _address_keys_due(now: datetime):
    """SQL: signatures whose address key has served its day (`assembly purge` erases it)."""
    return Signature.created_at <= now - ADDRESS_WINDOW


declare(
    "campaigns",
    _l("Campaigns"),
    Kept(
        what=_l(
            "A petition signature: the name, the building or street, whether the person lives "
            "here, and, if they chose to leave one, a contact kept in the group's contact book "
            "with the words they agreed to: to hear what becomes of the petition and of the "
            "campaign's actions and, only if they ticked it too, reminders before those "
            "actions. Who typed in a paper sheet, and when."
        ),
        why=_l(
            "To count the signatures (each person once, per building and street) and hand them "
            "to the target; the contact only for what the person agreed to. A signature that "
            "looks like another (same name and place, or same contact) waits for the team's "
            "check, and is never dropped without it."
        ),
        how_long=_l(
            "As long as the group keeps the campaign. When the person is erased, the signature "
            "stays counted without the name."
        ),
        seen_by=_l(
            "The group's team; the target receives the list of names and buildings when the "
            "petition is handed over."
        ),
        columns=(
            "petition_signatures.name",
            "petition_signatures.name_key",
            "petition_signatures.place",
            "petition_signatures.place_key",
            "petition_signatures.lives_here",
            "petition_signatures.person_id",
        ),
    ),
    Kept(
        what=_l(
            "For a signature online, the internet address it came from, scrambled with the "
            "site's secret key so that nobody can read it back."
        ),
        why=_l("So that one connection cannot sign a hundred times."),
        how_long=_l("Erased after a day."),
        seen_by=_l("Nobody: the site only compares it with the others of the day."),
        columns=("petition_signatures.address_key",),
    ),
    Kept(
        what=_l(
            "The people the group addresses its demands to (name, role, organisation), what "
            "they said and promised, who went to meet them, and the team's notes on them; the "
            "people and organisations on the campaign's power map."
        ),
        why=_l("To prepare the campaign and hold the target to its word."),
        how_long=_l("As long as the group keeps the campaign."),
        seen_by=_l(
            "The members see the targets, the demands and the commitments; only the team sees "
            "the power map and its notes."
        ),
        columns=(
            "campaign_targets.name",
            "campaign_targets.notes",
            "campaign_stakeholders.name",
            "campaign_exchanges.who_went",
            "campaign_exchanges.said",
            "campaign_commitments.said_by",
            "campaign_commitments.words",
        ),
    ),
    Kept(
        what=_l("Each team member's score and note on the criteria of a candidate issue."),
        why=_l("So that the team sees where it agrees and where it does not."),
        how_long=_l("As long as the group keeps the campaign."),
        seen_by=_l("The group's team."),
        columns=("campaign_scores.user_id", "campaign_scores.note"),
    ),
    refers=(
        # Erased, a signature still counts: no name, no link, no address.
        Refers(
            "petition_signatures",
            by=("person_id",),
            erase=Keep(name=Erase.NEUTRAL, name_key=Erase.BLANK, address_key=Erase.NULL),
            withheld=("address_key", "name_key", "place_key"),
        ),
        Refers("campaign_scores", by=("user_id",), erase=Keep(note=Erase.BLANK)),
        Refers("campaigns", by=("created_by_id",), acted=True, shows=("title", "created_at")),
        Refers("campaign_quotes", by=("chosen_by_id",), acted=True, shows=("created_at",)),
        Refers("campaign_demands", by=("created_by_id",), acted=True, shows=("created_at",)),
        Refers("campaign_exchanges", by=("created_by_id",), acted=True, shows=("happened_on",)),
        Refers("campaign_commitments", by=("created_by_id",), acted=True, shows=("created_at",)),
        Refers("campaign_actions", by=("debriefed_by_id",), acted=True, shows=("debriefed_at",)),
        Refers("petitions", by=("created_by_id",), acted=True, shows=("title", "created_at")),
        Refers("petition_batches", by=("typed_by_id",), acted=True, shows=("sheet", "count")),
        Refers("petition_signatures", by=("reviewed_by_id",), acted=True, shows=("review",)),
    ),
    purge=(
        Purge(
            "petition_signatures",
            "address keys of petition signatures",
            due=_address_keys_due,
            erase=Keep(address_key=Erase.NULL),
        ),
    ),
)

# Signing a petition is a time the group met the person (people's follow-up).
met_in(Signature.person_id, Signature.created_at)
