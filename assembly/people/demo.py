"""Demo contact book: people met at the door, at meetings, by phone."""

from assembly.extensions import db

# name, building, staircase-floor, ladder rank, language(s), consents ("g" group actions,
# "s" SMS reminders), one-to-one (self-interest, next step, in how many days; or None)
DEMO_PEOPLE = (
    (
        "Aminata Koné",
        "Bâtiment C",
        "9e",
        4,
        "fr, bambara",
        "gs",
        ("L'ascenseur : sa mère ne sort plus.", "Réunir les voisins du 9e", 3),
    ),
    (
        "Jean-Pierre Roux",
        "Bâtiment A",
        "RDC",
        3,
        "fr",
        "g",
        ("Les charges, il est retraité.", "Monter le dossier des charges", -2),
    ),
    (
        "Nadia Belkacem",
        "Bâtiment B",
        "4e",
        3,
        "fr, arabe",
        "gs",
        ("Les enfants et l'éclairage du passage.", "Parler à l'école", 10),
    ),
    (
        "Sokhna Ndiaye",
        "Bâtiment C",
        "2e",
        2,
        "fr, wolof",
        "g",
        ("Moisissures chez elle.", "Photos des moisissures", -5),
    ),
    ("Marc Dubois", "Bâtiment A", "3e", 2, "fr", "g", None),
    (
        "Leïla Haddad",
        "Bâtiment B",
        "1er",
        2,
        "fr, arabe",
        "gs",
        ("Un lieu pour les ados.", "Venir à l'assemblée avec deux voisines", 7),
    ),
    ("Mamadou Traoré", "Bâtiment C", "5e", 1, "fr, soninké", "s", None),
    ("Hélène Martin", "Rue des Lilas", "", 1, "fr", "g", None),
    ("Yusuf Demir", "Bâtiment A", "6e", 1, "fr, turc", "", None),
    (
        "Chantal Petit",
        "Bâtiment B",
        "2e",
        1,
        "fr",
        "g",
        ("Le bus du dimanche soir.", "Pétition transports", 14),
    ),
    ("Ibrahima Sow", "Bâtiment C", "7e", 1, "fr, peul", "g", None),
    ("Rosa Fernandes", "Bâtiment A", "1er", 1, "fr, portugais", "gs", None),
    ("Kevin Lambert", "Bâtiment B", "5e", 0, "fr", "", None),
    ("Fatima Zahra El Idrissi", "Bâtiment C", "3e", 0, "fr, arabe", "g", None),
    ("Thi Lan Nguyen", "Bâtiment A", "4e", 0, "fr, vietnamien", "", None),
    ("Gérard Blanc", "Rue des Lilas", "", 0, "fr", "g", None),
    ("Awa Diallo", "Bâtiment B", "6e", 1, "fr, peul", "g", None),
    ("awa diallo", "Bâtiment B", "6e", 0, "fr", "", None),  # the same, met again: a duplicate
    ("Samuel Okafor", "Bâtiment C", "8e", 0, "fr, anglais", "g", None),
    ("Martine Leroy", "Bâtiment A", "2e", 0, "fr", "", None),
    ("Ali Benali", "Bâtiment B", "3e", 0, "fr, arabe", "g", None),
    ("Christine Morel", "Passage Jean-Moulin", "", 0, "fr", "", None),
    ("Moussa Camara", "Bâtiment C", "4e", 0, "fr, malinké", "s", None),
    ("Sophie Girard", "Bâtiment A", "5e", 0, "fr", "g", None),
    ("Oksana Kovalenko", "Bâtiment B", "2e", 0, "ukrainien, russe", "", None),
    ("Patrick Henry", "Bâtiment C", "1er", 0, "fr", "g", None),
    ("Zineb Amrani", "Bâtiment A", "RDC", 0, "fr, arabe", "", None),
    ("Éric Fontaine", "Rue des Lilas", "", 0, "fr", "", None),
    ("Binta Barry", "Bâtiment C", "6e", 0, "fr, peul", "g", None),
    ("Lucas Robert", "Bâtiment B", "4e", 0, "fr", "", None),
    ("Mariam Cissé", "Bâtiment A", "7e", 0, "fr, bambara", "g", None),
    ("Joël Mercier", "Bâtiment C", "3e", 0, "fr", "", None),
    ("Aïcha Toumi", "Bâtiment B", "1er", 0, "fr, arabe", "gs", None),
    ("Denis Lucas", "Bâtiment A", "6e", 0, "fr", "", None),
    ("Salimata Coulibaly", "Bâtiment C", "2e", 0, "fr, bambara", "", None),
    ("Nicole Garnier", "Passage Jean-Moulin", "", 0, "fr", "g", None),
    ("Omar Sy", "Bâtiment B", "5e", 0, "fr, wolof", "", None),
    ("Nathalie Simon", "Bâtiment A", "3e", 0, "fr", "", None),
)


def load_demo_people(group) -> None:
    """The contact book: ~40 people met at the door, at meetings, by phone; a spread of
    ladder levels and consents, a few one-to-ones and asks, and duplicates to merge."""
    from datetime import date, timedelta

    from assembly.auth.models import find_user
    from assembly.clock import utcnow
    from assembly.people.models import Ask, AskOutcome, ConsentPurpose, ConsentSource, OneToOne
    from assembly.people.operations import give_consent, record_person
    from assembly.web.contact import Contact

    organizer = find_user("organisatrice")
    purposes = {"g": ConsentPurpose.GROUP_ACTIONS, "s": ConsentPurpose.SMS_REMINDERS}
    today, now = date.today(), utcnow()
    for n, (name, building, floor, rank, languages, consents, talk) in enumerate(DEMO_PEOPLE):
        # Numbers in the range ARCEP keeps for fiction (01 99 00 xx xx); the duplicate of
        # Awa Diallo gave the same number, written differently.
        phone = "+33199001717" if name.lower() == "awa diallo" else f"+331990010{n:02d}"
        person = record_person(
            group,
            source=ConsentSource.DOOR if n % 3 else ConsentSource.MEETING,
            name=name,
            contact=Contact(phone=phone) if consents else Contact(),
            purposes=[purposes[c] for c in consents],
            wording=str(purposes[consents[0]].label) if consents else "",
            recorded_by=organizer,
            building=building,
            floor=floor,
        )
        person.languages = languages
        person.ladder_rank = rank
        person.last_contact_at = now - timedelta(days=7 + 23 * n)
        if talk is not None:
            interest, step, in_days = talk
            db.session.add(
                OneToOne(
                    person_id=person.id,
                    met_on=today - timedelta(days=20),
                    met_by_id=organizer.id,
                    self_interest=interest,
                    next_step=step,
                    next_step_on=today + timedelta(days=in_days),
                )
            )
            db.session.add(
                Ask(
                    person_id=person.id,
                    what="Venir à la prochaine assemblée avec trois voisins",
                    asked_on=today - timedelta(days=20),
                    asked_by_id=organizer.id,
                    outcome=AskOutcome.ACCEPTED if rank >= 3 else AskOutcome.PENDING,
                )
            )
        if name == "Nadia Belkacem":
            give_consent(
                person,
                ConsentPurpose.EMAIL_REMINDERS,
                str(ConsentPurpose.EMAIL_REMINDERS.label),
                ConsentSource.PAPER,
                recorded_by=organizer,
            )
            person.email = "nadia.belkacem@example.org"
    db.session.commit()
