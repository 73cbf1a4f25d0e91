"""Demo needs: themes and a handful of needs at every stage, shared by some residents
(assembly/demo.py makes the group and its accounts first)."""

from assembly.needs.models import Channel, NeedStatus

DEMO_THEMES = ("Logement", "Propreté", "Tranquillité", "Transports", "Jeunesse")
# title, text, theme, place, channel, status, how many residents share it
DEMO_NEEDS = (
    (
        "L'ascenseur du bâtiment C est en panne depuis trois semaines",
        "Les personnes âgées du 9e ne peuvent plus sortir. Le bailleur ne répond pas.",
        "Logement",
        "Bâtiment C",
        Channel.DOOR,
        NeedStatus.TAKEN_UP,
        6,
    ),
    (
        "Charges de chauffage trop élevées",
        "Nos charges ont augmenté de 40 % cette année.",
        "Logement",
        "Résidence des Glycines",
        Channel.WEB,
        NeedStatus.ACKNOWLEDGED,
        5,
    ),
    (
        "Pas d'éclairage dans le passage vers l'école",
        "Le soir les enfants ont peur.",
        "Tranquillité",
        "Passage Jean-Moulin",
        Channel.MEETING,
        NeedStatus.NEW,
        4,
    ),
    (
        "Les poubelles débordent le week-end",
        "",
        "Propreté",
        "Rue des Lilas",
        Channel.WEB,
        NeedStatus.NEW,
        3,
    ),
    (
        "Un évier bouché dans la salle commune",
        "Impossible d'y organiser le goûter.",
        "Logement",
        "Maison de quartier",
        Channel.PAPER,
        NeedStatus.RESOLVED,
        1,
    ),
    (
        "Plus de bus le dimanche après 20 h",
        "",
        "Transports",
        "Arrêt Glycines",
        Channel.PHONE,
        NeedStatus.NEW,
        2,
    ),
    ("Un lieu pour les ados le mercredi", "", "Jeunesse", "", Channel.WEB, NeedStatus.NEW, 2),
)


def load_demo_needs(group, residents) -> None:
    """Themes and a handful of needs at every stage, shared by some residents."""
    from assembly.needs import operations

    themes = {name: operations.add_theme(group, name) for name in DEMO_THEMES}
    for title, body, theme, place, channel, status, shared in DEMO_NEEDS:
        need = operations.submit_need(
            group,
            title=title,
            body=body,
            theme=themes[theme],
            place=place,
            channel=channel,
            author=residents[0] if channel == Channel.WEB else None,
            trusted=True,
        )
        for resident in residents[1:shared]:
            operations.support(need, user=resident, anonymous_key=None)
        if status == NeedStatus.RESOLVED:
            operations.set_status(need, status, "Le bailleur a fait venir un plombier.")
        elif status != NeedStatus.NEW:
            operations.set_status(need, status)
    # One need from the public, waiting for the team's approval.
    operations.submit_need(
        group,
        title="Des bancs près de l'aire de jeux",
        theme=themes["Jeunesse"],
        anonymous_key="demo",
    )
