"""Every page is valid HTML, as the Nu HTML Checker (vnu) reads it.

The pages: every page each demo person reaches by links (the crawl shared with
test_reachable.py, see tests/conftest.py), the pages only reached from outside the site or
after a form (a need's receipt, a petition's receipt, an invite, a 404), and every form
the crawl met sent back with its text fields emptied, as the person who saw it: a failed
form comes back (400) with its errors next to the fields, a markup the crawl never sees.

The crawl is in French only: the other languages fill the same templates with other
words (`lang` and `dir` aside), so their markup is the same.

vnu runs once over all the pages (about 2,300), as Java: `vnu-jar` from npm
(package.json) and Debian's `default-jre-headless` (`make system-test-deps`).
"""

import json
import re
import shutil
import subprocess
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.datastructures import MultiDict

from assembly.web.accessibility import VNU_CHECKED_PAGES
from tests.crawl import DEMO_CRAWL, PEOPLE, demo_client
from tests.helpers import csrf_token

pytestmark = pytest.mark.xdist_group(DEMO_CRAWL)

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)
# One core's worth: the client compiler only (half the CPU time of the default on a few
# thousand small pages), a serial collector and a small heap; vnu needs a deep stack.
JAVA_OPTIONS = ["-Xss8m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
TEXT_INPUTS = {"text", "search", "email", "tel", "url", "password", "number", "date", "time"}


class FormReader(HTMLParser):
    """The POST forms of a page: where each goes, and what a browser would send, its
    text fields emptied (hidden fields, chosen options and ticked boxes as they are)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.open = False
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            post = attrs.get("method", "").lower() == "post"
            self.forms.append({"action": attrs.get("action"), "post": post, "data": []})
            self.open = True
        if not self.open or ("name" not in attrs and tag != "option"):
            return
        form, name = self.forms[-1], attrs.get("name")
        kind = attrs.get("type", "text")
        if tag == "input" and kind == "hidden":
            form["data"].append((name, attrs.get("value", "")))
        elif tag == "input" and kind in ("checkbox", "radio"):
            form["typed"] = True
            if "checked" in attrs:
                form["data"].append((name, attrs.get("value", "on")))
        elif (tag == "input" and kind in TEXT_INPUTS) or tag == "textarea":
            form["typed"] = True
            form["data"].append((name, ""))
        elif tag == "select":
            form["typed"] = True
            self.select, self.options = name, []
        elif tag == "option" and self.select:
            self.options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_endtag(self, tag):
        if tag == "form":
            self.open = False
        if tag == "select" and self.select:
            chosen = [value for value, selected in self.options if selected] or [
                value for value, _ in self.options[:1]
            ]
            self.forms[-1]["data"] += [(self.select, value) for value in chosen]
            self.select = None


def post_forms(page_path: str, html: str) -> list[tuple[str, list]]:
    """The POST forms of a page that ask for something typed or chosen: (action, data)."""
    reader = FormReader()
    reader.feed(html)
    return [
        (form["action"] or page_path, form["data"])
        for form in reader.forms
        if form["post"] and form.get("typed")
    ]


def shape(url: str) -> str:
    """A form's address with its record numbers blanked: one form of a kind is enough."""
    return re.sub(r"/\d+", "/N", urlsplit(url).path)


def crawled_pages(demo_site) -> dict[str, str]:
    """Every HTML page each person reached by links, by 'person path'."""
    return {
        f"{person or 'visitor'} {page.path}": page.html
        for person in PEOPLE
        for page in demo_site.crawl(person).values()
        if page.mimetype == "text/html" and page.html
    }


def failed_forms(app, demo_site) -> dict[str, str]:
    """Each kind of form sent with its text fields emptied, as the visitor when she saw it
    and as the first signed-in person who did; the pages that came back 400."""
    senders = defaultdict(dict)  # form shape: {person: (action, data)}
    for person in PEOPLE:
        for page in demo_site.crawl(person).values():
            for action, data in post_forms(page.path, page.html):
                senders[shape(action)].setdefault(person, (action, data))
    pages = {}
    clients = {person: demo_client(app, person) for person in PEOPLE}
    tokens = {person: csrf_token(client) for person, client in clients.items()}
    for kind in sorted(senders):
        by = senders[kind]
        signed_in = [person for person in PEOPLE if person and person in by][:1]
        for person in ([None] if None in by else []) + signed_in:
            action, data = by[person]
            data = [(n, tokens[person] if n == "csrf_token" else v) for n, v in data]
            response = clients[person].post(action, data=MultiDict(data))
            if response.status_code == 400 and response.mimetype == "text/html":
                pages[f"{person or 'visitor'} POST {action}"] = response.get_data(as_text=True)
    return pages


def pages_from_outside(app, demo_site) -> dict[str, str]:
    """The pages no link leads to: reached from a poster, a message, or after a form."""
    visitor = demo_client(app, None)
    pages = {}

    def get(client, url, label=None):
        response = client.get(url, follow_redirects=True)
        assert response.mimetype == "text/html", url
        pages[label or f"visitor {url}"] = response.get_data(as_text=True)

    def send(client, url, data, label, expect=302):
        data = {"csrf_token": csrf_token(client, url), **data}
        response = client.post(url, data=data)
        assert response.status_code == expect, (label, response.status_code)
        if response.status_code == 302:
            get(client, response.headers["Location"], label)
        else:
            pages[label] = response.get_data(as_text=True)

    get(visitor, "/nowhere")  # the error page
    get(visitor, f"/j/{demo_site.values['code'][0]}")  # the QR code of a meeting
    invite = f"/invite/{demo_site.values['token'][0]}"
    get(visitor, invite)
    get(demo_client(app, "habitante"), invite, "habitante invite")
    need = {"title": "L'ascenseur du bâtiment C est en panne"}
    send(visitor, "/g/glycines/needs/new", need, "visitor POST need (similar needs)", 200)
    send(visitor, "/g/glycines/needs/new", need | {"confirmed": "1"}, "visitor need receipt")
    petition = f"/g/glycines/campaigns/p/{demo_site.values['petition_id'][0]}"
    signature = {"name": "Awa Diallo", "place": "Bâtiment A", "lives_here": "yes"}
    send(visitor, petition, signature, "visitor petition receipt")
    wrong = {"login": "personne", "password": "pas le bon"}
    send(visitor, "/login", wrong, "visitor POST /login (a wrong password)", 400)
    return pages


def nu_checker() -> list[str]:
    """The command that runs vnu; fails (never skips) when Java or the jar is missing."""
    java = shutil.which("java")
    if not java:
        pytest.fail(
            "Java is missing: the HTML check runs the Nu HTML Checker "
            "(`make system-test-deps` or `apt-get install default-jre-headless`).",
            pytrace=False,
        )
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: fetch it with `npm ci` (`make assets`).", pytrace=False)
    return [java, *JAVA_OPTIONS, "-jar", str(VNU)]


# A page vnu must find fault with: proof that it read the folder the pages are in.
CANARY = '<!doctype html><html lang="fr"><title>x</title><p id="twice"></p><p id="twice"></p>'


def run_nu_checker(pages: dict[str, str], folder: Path) -> list[dict]:
    """vnu's errors over the pages (once for them all), each with the page's label."""
    folder.mkdir()
    labels = {}
    for number, (label, html) in enumerate(sorted(pages.items())):
        labels[f"{number:04d}.html"] = label
        (folder / f"{number:04d}.html").write_text(html, encoding="utf-8")
    run = subprocess.run(
        [*nu_checker(), "--errors-only", "--format", "json", "--stdout", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages = json.loads(run.stdout)["messages"]
    except ValueError:
        pytest.fail(f"vnu gave no JSON (exit {run.returncode}): {run.stderr[-2000:]}")
    for message in messages:
        message["page"] = labels.get(Path(urlsplit(message.get("url", "")).path).name, "?")
    return messages


def test_every_page_is_valid_html(app, demo_site, tmp_path):
    nu_checker()  # before the crawl: say at once when Java or vnu is missing
    pages = crawled_pages(demo_site)
    pages |= pages_from_outside(app, demo_site)
    pages |= failed_forms(app, demo_site)
    messages = run_nu_checker({**pages, "canary": CANARY}, tmp_path / "pages")

    assert [m["message"] for m in messages if m["page"] == "canary"] == ["Duplicate ID “twice”."]
    assert "visitor POST /g/glycines/needs/new" in pages  # a failed form among them
    assert len(pages) >= VNU_CHECKED_PAGES  # what the accessibility statement says
    errors = [
        f"{m['page']}:{m.get('lastLine', '?')}: {m['message']}  [{m.get('extract', '').strip()}]"
        for m in messages
        if m["page"] != "canary"
    ]
    assert errors == [], f"{len(errors)} errors in {len(pages)} pages:\n" + "\n".join(errors)
