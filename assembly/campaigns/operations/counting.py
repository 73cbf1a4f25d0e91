"""A petition's counts: counted, flagged and held signatures, per building and street, and
the list handed over to the target. Every count reads `Signature.counted()` and comes from
one grouped query on a covering index, so the pages stay fast at 20,000 signatures
(bench/petition_scale.py)."""

from dataclasses import dataclass

from assembly.campaigns.models import Petition, Review, Signature
from assembly.campaigns.models.petitions import NOT_COUNTED
from assembly.extensions import db


@dataclass(frozen=True)
class Tally:
    """A petition's signatures: counted, and those waiting for the team."""

    counted: int = 0
    flagged: int = 0  # counted, but look like another: the team checks
    held: int = 0  # past an address's cap: not counted until the team counts them

    @property
    def to_review(self) -> int:
        return self.flagged + self.held


@dataclass(frozen=True)
class PlaceCount:
    """Signatures from one building or street (one place key)."""

    key: str
    place: str  # one of the ways it was written, to show
    counted: int
    lives_here: int  # of the counted, how many said they live here
    to_review: int  # flagged (counted) and held (not)


# ---------------------------------------------------------------- counts


def tally(petition_id: int) -> Tally:
    """How many signatures count, and how many wait for the team: one grouped query."""
    rows = db.session.execute(
        db.select(Signature.review, db.func.count())
        .where(Signature.petition_id == petition_id)
        .group_by(Signature.review)
    )
    by_review = {Review(review): n for review, n in rows}
    counted = sum(n for review, n in by_review.items() if review not in NOT_COUNTED)
    return Tally(
        counted=counted,
        flagged=by_review.get(Review.FLAGGED, 0),
        held=by_review.get(Review.HELD, 0),
    )


def counts_by_place(petition: Petition) -> tuple[list[PlaceCount], Tally]:
    """Signatures per building and street (per place key), most first, and their total.

    One grouped query, read from the covering index `ix_petition_signatures_counts` in its
    order: a line per place, review and "lives here", folded here into a line per place
    (a few hundred lines at most, whatever the number of signatures).
    """
    query = (
        db.select(
            Signature.place_key,
            Signature.review,
            Signature.lives_here,
            db.func.min(Signature.place),
            db.func.count(),
        )
        .where(Signature.petition_id == petition.id)
        .group_by(Signature.place_key, Signature.review, Signature.lives_here)
    )
    places: dict[str, dict] = {}
    by_review = {review: 0 for review in Review}
    for key, review, lives_here, place, n in db.session.execute(query):
        line = places.setdefault(key, {"place": place, "counted": 0, "here": 0, "waiting": 0})
        line["place"] = min(line["place"], place)
        by_review[review] += n
        if review not in NOT_COUNTED:
            line["counted"] += n
            line["here"] += n if lives_here else 0
        if review in (Review.FLAGGED, Review.HELD):
            line["waiting"] += n
    counts = [
        PlaceCount(key, line["place"], line["counted"], line["here"], line["waiting"])
        for key, line in places.items()
    ]
    total = Tally(
        counted=sum(line["counted"] for line in places.values()),
        flagged=by_review[Review.FLAGGED],
        held=by_review[Review.HELD],
    )
    return sorted(counts, key=lambda count: (-count.counted, count.key)), total


def delivered_list(petition: Petition) -> list[tuple[str, str]]:
    """The counted signatures' names and places, by place then name: the list for the target."""
    return list(
        db.session.execute(
            db.select(Signature.name, Signature.place)
            .where(Signature.petition_id == petition.id, Signature.counted())
            .order_by(Signature.place_key, Signature.name_key, Signature.id)
        )
    )
