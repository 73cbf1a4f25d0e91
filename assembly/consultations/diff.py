"""A word-level difference between two versions of a paragraph, as people read it.

The texts are cut into words and punctuation marks, each with the spaces before it. A
word keeps its accents (é is not e) and its inner apostrophes and hyphens (« l’ascenseur »,
« peut-être » are one word each). Two words are the same when only the way they are typed
differs: the apostrophe (’ or '), the kind of space around them (a plain, a non-breaking
or a narrow one before « ; », or none), the Unicode form of an accent. difflib finds the
longest common runs; what remains is deleted from the first or inserted by the second.

Then the result is made readable:
- a change is whole words: a punctuation mark changed takes the word it belongs to
  (« jours. » → « jours ! » reads as the two words, not a lone struck dot);
- a short run left in common between two larger changes joins them, so that a paragraph
  rewritten reads as one deletion and one insertion, not a flurry of « la » and « de »
  kept here and there (the rule of diff-match-patch's semantic clean-up);
- a word moved reads as deleted where it was and inserted where it goes.

What is shown as the same is the second text as written, line breaks included: the
segments that are not deleted give back the second text exactly (its accents composed,
NFC).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

# A word (letters and digits, with apostrophes or hyphens inside), or one other mark;
# each with the spaces before it.
TOKEN = re.compile(r"\s*(?:\w+(?:['’ʼ-]\w+)*|[^\w\s])")
WORD = re.compile(r"\w")
APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})

Op = Literal["same", "deleted", "inserted"]


@dataclass(frozen=True)
class Segment:
    op: Op
    text: str


@dataclass
class _Chunk:
    """Tokens of the first text (`a`) and of the second (`b`): the same, or a change."""

    same: bool
    a: list[str] = field(default_factory=list)
    b: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return max(len("".join(self.a)), len("".join(self.b)))


def tokens(text: str) -> list[str]:
    """The words and marks of `text`, each with the spaces before it (trailing spaces
    aside)."""
    return TOKEN.findall(unicodedata.normalize("NFC", text))


def _key(token: str) -> str:
    """What two tokens must share to be the same word."""
    return token.strip().translate(APOSTROPHES)


def diff(before: str, after: str) -> list[Segment]:
    """The segments that turn `before` into `after`: same, deleted, inserted, in reading
    order (a deletion before the insertion that replaces it)."""
    a, b = tokens(before), tokens(after)
    matcher = SequenceMatcher(None, [_key(t) for t in a], [_key(t) for t in b], autojunk=False)
    chunks = [
        _Chunk(op == "equal", a[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    chunks = _semantic(_whole_words(chunks))
    after = unicodedata.normalize("NFC", after)
    tail = after[len(after.rstrip()) :]  # spaces ending the text: kept as written
    return _segments(chunks, tail)


def _word(token: str) -> bool:
    return bool(WORD.search(token))


def _whole_words(chunks: list[_Chunk]) -> list[_Chunk]:
    """A change of punctuation or spaces alone takes the word it is written against
    (« jours. », « “plan »), else the word before it, else the one after; one next to a
    change of words already reads with them."""
    chunks = _joined(chunks)
    for index, chunk in enumerate(chunks):
        if chunk.same or any(_word(t) for t in chunk.a + chunk.b):
            continue
        before = chunks[index - 1] if index > 0 else None
        after = chunks[index + 1] if index + 1 < len(chunks) else None
        take_before = bool(before and _word(before.b[-1]))
        take_after = bool(after and _word(after.b[0]))
        if take_before and take_after:
            # Against the word after it, on either side, and not the one before: that one.
            left = any(side and not side[0][:1].isspace() for side in (chunk.a, chunk.b))
            right = not after.a[0][:1].isspace() or not after.b[0][:1].isspace()
            take_before = left or not right
        if take_before:
            chunk.a.insert(0, before.a.pop())
            chunk.b.insert(0, before.b.pop())
        elif take_after:
            chunk.a.append(after.a.pop(0))
            chunk.b.append(after.b.pop(0))
        else:
            continue
        return _whole_words(chunks)  # joined again: the next one may now touch this one
    return chunks


def _semantic(chunks: list[_Chunk]) -> list[_Chunk]:
    """A run in common no longer than the changes on both sides of it joins them: one
    change instead of three. Repeated until none is left."""
    while True:
        for index in range(1, len(chunks) - 1):
            chunk = chunks[index]
            if chunk.same and chunk.size <= min(chunks[index - 1].size, chunks[index + 1].size):
                chunk.same = False
                chunks = _joined(chunks)
                break
        else:
            return chunks


def _joined(chunks: list[_Chunk]) -> list[_Chunk]:
    """Empty chunks dropped, neighbouring changes made one."""
    out: list[_Chunk] = []
    for chunk in chunks:
        if not chunk.a and not chunk.b:
            continue
        if out and not out[-1].same and not chunk.same:
            out[-1].a += chunk.a
            out[-1].b += chunk.b
        else:
            out.append(chunk)
    return out


def _segments(chunks: list[_Chunk], tail: str) -> list[Segment]:
    """The chunks as text. A change whose two sides start with spaces shows them once,
    outside: « le ~~grand~~ __petit__ », not « le~~ grand~~__ petit__ »."""
    out: list[Segment] = []

    def add(op: Op, text: str) -> None:
        if not text:
            return
        if out and out[-1].op == op:
            out[-1] = Segment(op, out[-1].text + text)
        else:
            out.append(Segment(op, text))

    for chunk in chunks:
        deleted, inserted = "".join(chunk.a), "".join(chunk.b)
        if chunk.same:
            add("same", inserted)
            continue
        if deleted and inserted:
            space = inserted[: len(inserted) - len(inserted.lstrip())]
            if space and deleted[:1].isspace():
                add("same", space)
                deleted, inserted = deleted.lstrip(), inserted[len(space) :]
        add("deleted", deleted)
        add("inserted", inserted)
    add("same", tail)
    return out


def changed(before: str, after: str) -> bool:
    """Whether the paragraph's words or marks changed (the way they are typed aside:
    spaces, apostrophes, as `diff` reads them)."""
    return [_key(t) for t in tokens(before)] != [_key(t) for t in tokens(after)]
