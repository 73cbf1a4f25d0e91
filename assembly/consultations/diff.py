"""A word-level difference between two versions of a paragraph, as people read it.

The texts are cut into words, spaces and punctuation marks (French punctuation, with its
spaces, stays a token of its own; accents are letters); difflib finds the longest common
runs; what remains is deleted from the first or inserted by the second. A word moved
reads as deleted where it was and inserted where it goes. A lone space between two
changes joins them, so that "le grand immeuble" → "la petite tour" reads as one change.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

TOKEN = re.compile(r"\w+|\s+|[^\w\s]")

Op = Literal["same", "deleted", "inserted"]


@dataclass(frozen=True)
class Segment:
    op: Op
    text: str


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def diff(before: str, after: str) -> list[Segment]:
    """The segments that turn `before` into `after`: same, deleted, inserted, in reading
    order (a deletion before the insertion that replaces it)."""
    a, b = tokens(before), tokens(after)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    raw: list[Segment] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            raw.append(Segment("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            raw.append(Segment("deleted", "".join(a[i1:i2])))
        if j2 > j1:
            raw.append(Segment("inserted", "".join(b[j1:j2])))
    return _merged(_spaces_joined(raw))


def _spaces_joined(segments: list[Segment]) -> list[Segment]:
    """A run of spaces alone between two changes goes into both: one change, not two."""
    out: list[Segment] = []
    for index, segment in enumerate(segments):
        between = 0 < index < len(segments) - 1
        if (
            segment.op == "same"
            and between
            and not segment.text.strip()
            and segments[index - 1].op != "same"
            and segments[index + 1].op != "same"
        ):
            out += [Segment("deleted", segment.text), Segment("inserted", segment.text)]
        else:
            out.append(segment)
    return out


def _merged(segments: list[Segment]) -> list[Segment]:
    """Neighbouring changes read as one deletion then one insertion."""
    out: list[Segment] = []
    pending = {"deleted": "", "inserted": ""}
    for segment in segments:
        if segment.op == "same":
            out += [Segment(op, text) for op, text in pending.items() if text]
            pending = {"deleted": "", "inserted": ""}
            out.append(segment)
        else:
            pending[segment.op] += segment.text
    out += [Segment(op, text) for op, text in pending.items() if text]
    return out


def changed(before: str, after: str) -> bool:
    """Whether the paragraph's words changed (spaces around them aside)."""
    return " ".join(before.split()) != " ".join(after.split())
