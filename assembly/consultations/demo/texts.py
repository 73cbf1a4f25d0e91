"""What the demo's consultations say: the letter to Habitat Isère and the charter, what the
residents said of them and the team's answers, the letter's final wording."""

from typing import NamedTuple

from assembly.consultations.models import ContributionType, TeamAnswer
from assembly.needs.models import Channel

FOR, AGAINST, QUESTION, AMENDMENT = (
    ContributionType.FOR, ContributionType.AGAINST, ContributionType.QUESTION,
    ContributionType.AMENDMENT,
)  # fmt: skip
KEPT, IN_PART, NOT_KEPT = TeamAnswer.KEPT, TeamAnswer.IN_PART, TeamAnswer.NOT_KEPT


class Said(NamedTuple):
    """A contribution: on the paragraph `index` (headings aside), by `who`:
    ("user", username), ("browser", n) a visitor without an account, or ("person", name,
    channel) someone of the contact book whose words the team typed in."""

    index: int
    kind: ContributionType
    who: tuple
    text: str
    days: int  # how many days ago
    rewrite: str | None = None
    supporters: int = 0  # of an amendment
    answer: TeamAnswer | None = None
    reason: str = ""


LETTER_TITLE = "Notre lettre de revendications à Habitat Isère"
LETTER_CONTEXT = (
    "L’assemblée de rentrée a décidé d’écrire au bailleur. Avant de l’envoyer, chaque "
    "locataire peut relire la lettre paragraphe par paragraphe, dire s’il est d’accord, "
    "poser ses questions et proposer une meilleure rédaction. Le collectif répond à chaque "
    "contribution et publie la version finale, qui partira signée par toutes et tous."
)
LETTER = """# Les ascenseurs

Depuis janvier, les ascenseurs des bâtiments A et C sont tombés en panne vingt-trois fois. \
Des personnes âgées sont restées bloquées chez elles pendant des semaines.

Nous demandons un contrat d’entretien qui garantisse une intervention sous 48 heures et une \
remise en service sous huit jours au plus.

Pendant chaque panne, nous demandons un affichage dans le hall de la date prévue de réparation.

# Le chauffage et l’humidité

Cet hiver, le chauffage a été coupé plusieurs week-ends dans le bâtiment A. Nous demandons \
une température d’au moins 19 °C dans chaque logement.

Des moisissures apparaissent dans les chambres des bâtiments B et C. Nous demandons un \
diagnostic de l’humidité dans chaque logement touché, à vos frais.

Nous demandons le remplacement des fenêtres qui ne ferment plus.

# Les charges

Nos charges ont augmenté de 40 % en un an, sans explication. Nous demandons le détail des \
charges de l’année, poste par poste.

Nous demandons à consulter les factures justificatives, comme la loi le permet aux locataires.

Tant que ces comptes ne sont pas expliqués, nous demandons le gel des provisions pour charges.

# Le gardien et la propreté

Depuis le départ de M. Perrin, les Glycines n’ont plus de gardien. Nous demandons un gardien \
présent chaque jour de la semaine.

Les halls et les caves ne sont plus nettoyés qu’une fois par semaine. Nous demandons le retour \
au nettoyage deux fois par semaine.

Nous souhaitons vous rencontrer avec une délégation de locataires dans les quinze jours qui \
suivent cette lettre."""

LIFTS = (
    "Nous demandons un contrat d’entretien qui garantisse une intervention sous 48 heures et "
    "une remise en service sous huit jours au plus, et une baisse de loyer pour chaque jour de "
    "panne au-delà."
)
DAMP = (
    "Des moisissures apparaissent dans les chambres des bâtiments B et C, jusque dans celles "
    "des enfants. Nous demandons un diagnostic de l’humidité dans chaque logement touché, à vos "
    "frais, et les travaux nécessaires avant l’hiver."
)
LETTER_SAID = (
    Said(0, QUESTION, ("browser", 1), days=40,
         text="D’où vient le chiffre de vingt-trois pannes ? Le bailleur va le contester.",
         answer=KEPT, reason="Ce sont les pannes notées par les locataires depuis janvier : la "
         "lettre le dit désormais, et le relevé sera joint."),
    Said(0, FOR, ("person", "Aminata Koné", Channel.MEETING), days=35,
         text="Ma mère, au 9e, n’est pas sortie de chez elle pendant trois semaines en mars."),
    Said(1, AMENDMENT, ("user", "habitante"), days=38, rewrite=LIFTS, supporters=7,
         text="Sans pénalité, le contrat ne sera pas tenu : chaque jour de panne doit coûter.",
         answer=KEPT, reason="Repris : l’assemblée de rentrée l’avait déjà demandé."),
    Said(2, FOR, ("user", "karim"), days=37,
         text="Oui, et sur le site du bailleur aussi : on n’a jamais l’information.",
         answer=NOT_KEPT, reason="L’affiche dans le hall touche tout le monde ; le site, peu "
         "de locataires le consultent."),
    Said(3, AGAINST, ("person", "Marc Dubois", Channel.DOOR), days=33,
         text="Chez nous, au B, c’est plutôt trop chaud : il faudrait parler du réglage.",
         answer=NOT_KEPT, reason="La température minimale vaut pour tout le monde ; le "
         "réglage du B, nous le signalerons à part."),
    Said(3, AMENDMENT, ("user", "karim"), days=36, supporters=2,
         text="19 °C, c’est froid pour les bébés et les personnes âgées.",
         rewrite="Cet hiver, le chauffage a été coupé plusieurs week-ends dans le bâtiment A. "
         "Nous demandons une température d’au moins 20 °C dans chaque logement.",
         answer=NOT_KEPT, reason="19 °C est la température de référence : en demander plus, "
         "c’est donner au bailleur une raison de refuser. Les familles avec un bébé peuvent "
         "le signaler à part."),
    Said(4, AMENDMENT, ("person", "Sokhna Ndiaye", Channel.PAPER), days=34, rewrite=DAMP,
         supporters=5, answer=KEPT, reason="Repris tel quel.",
         text="Un diagnostic sans travaux ne sert à rien, et les enfants toussent tout l’hiver."),
    Said(5, QUESTION, ("browser", 2), days=30,
         text="Les fenêtres, c’est au bailleur de les changer ou à nous ?",
         answer=NOT_KEPT, reason="Au bailleur : ce sont de grosses réparations. La lettre n’a "
         "pas besoin de le préciser."),
    Said(6, FOR, ("person", "Jean-Pierre Roux", Channel.DOOR), days=32,
         text="Je suis retraité : 40 % de plus, c’est presque un mois de pension par an."),
    Said(6, FOR, ("user", "bernard"), days=29,
         text="Beaucoup ont reçu une régularisation de plus de 300 € d’un coup. Il faut "
         "demander qu’elle soit étalée.",
         answer=KEPT, reason="Un paragraphe l’ajoute à la lettre."),
    Said(7, QUESTION, ("person", "Chantal Petit", Channel.MEETING), days=35,
         text="Quelle loi ? Il vaut mieux la citer, sinon ils ne répondront pas.",
         answer=KEPT, reason="C’est l’article 23 de la loi du 6 juillet 1989 : la lettre le "
         "cite désormais."),
    Said(8, AMENDMENT, ("user", "bernard"), days=31, supporters=3,
         text="Sans rapport de force, ils ne bougeront pas.",
         rewrite="Tant que ces comptes ne sont pas expliqués, nous cesserons de payer les "
         "provisions pour charges.",
         answer=NOT_KEPT, reason="Ne plus payer expose chaque locataire à une procédure ; "
         "l’assemblée préfère demander le gel, et reparler d’une grève des charges si rien ne "
         "bouge."),
    Said(9, AMENDMENT, ("user", "mireille"), days=27, supporters=4,
         text="Un gardien qu’on ne trouve jamais, ça ne sert à rien.",
         rewrite="Depuis le départ de M. Perrin, les Glycines n’ont plus de gardien. Nous "
         "demandons un gardien présent chaque jour de la semaine, avec une loge ouverte à "
         "heures fixes.",
         answer=IN_PART, reason="La loge ouverte à heures fixes est reprise ; « chaque jour » "
         "devient « du lundi au samedi », comme le prévoient les contrats des gardiens."),
    Said(10, AGAINST, ("person", "Hélène Martin", Channel.MEETING), days=35,
         text="Depuis septembre, la nouvelle entreprise passe deux fois par semaine : ce "
         "n’est plus vrai.",
         answer=KEPT, reason="Vérifié avec les délégués de bâtiment : le paragraphe est "
         "retiré."),
    Said(11, AMENDMENT, ("user", "ines"), days=25, supporters=1,
         text="À l’agence, on est reçus debout au guichet.",
         rewrite="Nous souhaitons vous rencontrer avec une délégation de locataires dans les "
         "quinze jours qui suivent cette lettre, à la maison de quartier plutôt qu’à l’agence.",
         answer=NOT_KEPT, reason="Nous irons là où la rencontre sera fixée : l’essentiel est "
         "de l’obtenir vite. Nous proposerons la maison de quartier de vive voix."),
    Said(11, FOR, ("browser", 3), days=22, text="Le plus tôt possible, avant l’hiver."),
)  # fmt: skip
# Taken down by the team.
REFUSED = Said(6, AGAINST, ("browser", 4), days=28, text="Tous des voleurs, il faut tout casser !")
# The final text: paragraph index → (its new wording, the LETTER_SAID behind the change).
LETTER_CHANGES = {
    0: ("Depuis janvier, les locataires ont noté vingt-trois pannes des ascenseurs des "
        "bâtiments A et C (relevé joint). Des personnes âgées sont restées bloquées chez elles "
        "pendant des semaines.", (0,)),
    1: (LIFTS, (2,)),
    4: (DAMP, (6,)),
    7: ("Nous demandons à consulter les factures justificatives, comme l’article 23 de la loi "
        "du 6 juillet 1989 le permet aux locataires.", (10,)),
    9: ("Depuis le départ de M. Perrin, les Glycines n’ont plus de gardien. Nous demandons un "
        "gardien présent du lundi au samedi, avec une loge ouverte à heures fixes.", (12,)),
    10: ("", (13,)),  # taken out
}  # fmt: skip
# A paragraph the team added after paragraph 6, from a comment on it.
LETTER_ADDED = (6, "Nous demandons que la régularisation des charges de l’an dernier soit "
                   "étalée sur douze mois, sans frais.", (9,))  # fmt: skip

CHARTER_TITLE = "La charte du Collectif des Glycines"
CHARTER_CONTEXT = (
    "Le collectif se donne une charte, à adopter à l’assemblée générale. Chaque membre peut "
    "la lire, dire s’il est d’accord et proposer des changements jusqu’à la date indiquée."
)
CHARTER = """# Qui nous sommes

Le Collectif des Glycines réunit les habitantes et habitants du quartier, locataires ou \
propriétaires, quels que soient leur âge, leur origine ou leur langue.

Le collectif est indépendant des partis politiques, des religions et du bailleur.

# Comment nous décidons

Les décisions se prennent en assemblée mensuelle, ouverte à toutes et tous. On cherche \
d’abord l’accord ; à défaut, on vote à la majorité des présents.

Chacun peut mettre un sujet à l’ordre du jour en le proposant au moins une semaine avant.

# Comment nous agissons

Nous agissons ensemble et sans violence : courriers, pétitions, rencontres, rassemblements.

Nous rendons compte de ce que nous avons obtenu, et de ce que nous n’avons pas obtenu."""
CHARTER_SAID = (
    Said(1, FOR, ("user", "habitante"), days=4,
         text="Important : le bailleur a déjà essayé de nous faire parler en son nom."),
    Said(2, AMENDMENT, ("user", "karim"), days=3, supporters=3,
         text="Certains n’osent pas lever la main devant leurs voisins.",
         rewrite="Les décisions se prennent en assemblée mensuelle, ouverte à toutes et tous. "
         "On cherche d’abord l’accord ; à défaut, on vote à la majorité des présents, à "
         "bulletin secret quand quelqu’un le demande."),
    Said(3, QUESTION, ("user", "ines"), days=2,
         text="Et si on ne peut pas venir à l’assemblée, comment proposer un sujet ?"),
)  # fmt: skip
