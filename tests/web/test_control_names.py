"""Every button and link has a name a screen reader can say: one that shows only a
symbol (×, ↑, ≠, ✓…) carries its words in an aria-label or in visually hidden text.
A title alone is not enough: touch screens and many screen readers never show it."""

import unicodedata
from html.parser import HTMLParser

import pytest

from tests.crawl import DEMO_CRAWL, PEOPLE

CONTROLS = {"a", "button", "summary"}


def has_words(text: str) -> bool:
    """Whether `text` holds a letter or a digit, in any script."""
    return any(unicodedata.category(char)[0] in "LN" for char in text)


def unnamed_controls(html: str) -> list[str]:
    """The links and buttons of `html` whose name has no word: their text (with the alt
    of their images) is only symbols or nothing, and no aria-label or aria-labelledby."""
    found = []

    class Scanner(HTMLParser):
        open: list[dict] = []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "img" and self.open:
                self.open[-1]["text"] += attrs.get("alt") or ""
            words = has_words(attrs.get("value") or "") or has_words(attrs.get("aria-label") or "")
            if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and not words:
                found.append(f"<input type={attrs['type']} value={attrs.get('value')!r}>")
            if tag in CONTROLS and not (tag == "a" and "href" not in attrs):
                label = attrs.get("aria-label") or ""
                self.open.append(
                    {
                        "tag": tag,
                        "text": "",
                        "named": has_words(label) or "aria-labelledby" in attrs,
                    }
                )

        def handle_endtag(self, tag):
            if tag in CONTROLS and self.open and self.open[-1]["tag"] == tag:
                control = self.open.pop()
                if not (control["named"] or has_words(control["text"])):
                    found.append(f"<{tag}>{control['text'].strip()}</{tag}>")

        def handle_data(self, data):
            if self.open:
                self.open[-1]["text"] += data

    Scanner(convert_charrefs=True).feed(html)
    return found


@pytest.mark.parametrize(
    ("html", "unnamed"),
    [
        ('<a href="/x">×</a>', ["<a>×</a>"]),
        ('<a href="#d" title="Désaccord">≠</a>', ["<a>≠</a>"]),
        ('<button aria-label="Fermer">×</button>', []),
        ('<button aria-label="—">×</button>', ["<button>×</button>"]),
        ('<button class="secondary">↑ Monter</button>', []),
        (
            '<a href="#d"><span aria-hidden="true">≠</span><span class="hidden">D</span></a>',
            [],
        ),
        ("<button>+5 min</button>", []),
        ("<button>✓</button>", ["<button>✓</button>"]),
        ('<a href="/x"><img src="q.svg" alt="Code QR"></a>', []),
        ('<a href="/x"><img src="q.svg" alt=""></a>', ["<a></a>"]),
        ('<button aria-labelledby="h">→</button>', []),
        ('<a id="top"></a>', []),  # an anchor without href is no link
        ("<summary>…</summary>", ["<summary>…</summary>"]),
        ('<input type="submit" value="✓">', ["<input type=submit value='✓'>"]),
        ("<button>العربية</button>", []),
    ],
)
def test_the_scan_finds_controls_named_by_symbols_only(html, unnamed):
    assert unnamed_controls(html) == unnamed


@pytest.mark.xdist_group(DEMO_CRAWL)  # reads the crawl the other crawl tests share
def test_no_page_of_the_demo_has_a_control_named_by_symbols_only(demo_site):
    """Every page of the demo that any demo person (or a visitor) reaches by links."""
    unnamed, read = {}, 0
    for person in PEOPLE:
        for path, page in demo_site.crawl(person).items():
            read += 1
            if found := unnamed_controls(page.html):
                unnamed[f"{person or 'visitor'}: {path}"] = found
    assert read > 400, "the crawl reached too few pages to say anything"
    assert unnamed == {}
