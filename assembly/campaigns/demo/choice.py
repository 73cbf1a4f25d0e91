"""Two more candidate issues, weighed by the team on the grid, with words quoted."""

from assembly.auth.models import find_user
from assembly.campaigns.models import (
    Campaign,
    Criterion,
    Score,
)
from assembly.campaigns.operations import choice, issue
from assembly.campaigns.operations import core as operations
from assembly.canvassing.models import Canvass, VisitOutcome
from assembly.canvassing.operations import log_visit
from assembly.extensions import db
from assembly.groups.access import Viewer
from assembly.groups.models import Group, Role
from assembly.needs.models import Need

DEMO_GRIDS = {
    "Des charges justes": {
        "organisatrice": "yyyyyyypyyyypypy",
        "animateur": "ypnyyyyyppyyynpy",
        "admin": "yyppyyyyypyyyypy",
    },
    "Un passage éclairé": {
        "organisatrice": "yypyyppyyyyppnny",
        "animateur": "ynnyypyyyyyppnny",
        "admin": "ypnyyyyyyyypnnny",
    },
}
SCORES = {"y": Score.YES, "p": Score.PARTLY, "n": Score.NO}
DEMO_NOTES = {
    ("Des charges justes", "animateur", Criterion.POWER_RELATIONS): (
        "Le bailleur refera ses comptes, mais rien ne change dans qui décide."
    ),
    ("Des charges justes", "organisatrice", Criterion.POWER_RELATIONS): (
        "Obtenir la régularisation, c'est imposer au bailleur de nous rendre des comptes."
    ),
    ("Un passage éclairé", "organisatrice", Criterion.OWN_POWER): (
        "Les parents d'élèves viendront avec nous à la mairie."
    ),
    ("Un passage éclairé", "animateur", Criterion.OWN_POWER): (
        "La mairie dira oui tout de suite : peu de monde se sentira fort."
    ),
}


def load_demo_choice(group: Group) -> None:
    """Two candidate issues from the demo's needs, the heating charges and the unlit
    passage, scored by the team (they disagree on what changes the power relations and
    who will feel stronger), a door heard about the charges, and a few words quoted."""
    organizer = find_user("organisatrice")
    candidates = {}
    for title, found, problem in (
        (
            "Des charges justes",
            "Charges",
            "Les charges de chauffage ont augmenté de 40 % sans explication, et il fait froid.",
        ),
        (
            "Un passage éclairé",
            "éclairage",
            "Le passage vers l'école n'est pas éclairé : le soir les enfants ont peur.",
        ),
    ):
        needs = db.session.scalars(
            db.select(Need).where(Need.group_id == group.id, Need.title.contains(found))
        )
        candidates[title] = operations.create_campaign(
            group, title=title, problem=problem, needs=list(needs), by=organizer
        )
    # A door where the charges came up: the resident wants to get involved.
    canvass = db.session.scalar(db.select(Canvass).filter_by(group_id=group.id))
    charges = candidates["Des charges justes"]
    if canvass is not None and charges.needs:
        log_visit(
            canvass,
            by=find_user("animateur"),
            building="Bâtiment B",
            floor="5e droite",
            outcome=VisitOutcome.TALKED,
            words="On paie le chauffage plein pot et il fait 16 degrés dans la chambre des petits.",
            wants_involvement=True,
            shares=charges.needs[0],
        )
    for title, grids in DEMO_GRIDS.items():
        for username, answers in grids.items():
            choice.save_scores(
                candidates[title],
                find_user(username),
                {
                    criterion: (SCORES[answer], DEMO_NOTES.get((title, username, criterion), ""))
                    for criterion, answer in zip(Criterion, answers, strict=True)
                },
            )
    team = Viewer(organizer.id, Role.ORGANIZER)
    for campaign in candidates.values():
        _quote_all(campaign, team, organizer)


def _quote_all(campaign: Campaign, viewer: Viewer, by) -> None:
    """Quote every word the campaign's needs and doors offer (the demo has a few)."""
    offered = issue.quotable(campaign, viewer)
    keys = {words.key for words in offered[: issue.MAX_QUOTES]}
    issue.choose_quotes(campaign, keys, offered=offered, by=by)
