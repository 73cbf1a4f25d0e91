"""What changes on the phone and the conduct page is said to screen readers, and a poll
never takes the focus away.

Who has the floor and who waits are `aria-live="polite"` regions. A screen reader only
follows a live region that was in the page before the change, so the poll must keep
the region and replace only what is inside: the poll itself swaps nothing
(`data-hx-swap="none"`), each part comes back out of band, and a live region's part
is swapped `innerHTML`, inside no other part. Every control of a polled part has an id,
on which htmx puts the focus back after a swap.
"""

from datetime import datetime
from html.parser import HTMLParser

import pytest

from assembly.extensions import db
from assembly.meetings.models import AgendaItem, Meeting, State
from tests.helpers import Auth, post
from tests.meetings.test_live import join, url

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
CONTROLS = {"a", "button", "select", "textarea", "input", "summary"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: "Node | None"):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node] = []
        self.text = ""

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def all_text(self) -> str:
        return " ".join(" ".join(node.text for node in self.walk()).split())


def parse(html: str) -> Node:
    """The page as a tree of elements (enough HTML for our own templates)."""
    root = Node("#root", {}, None)

    class Builder(HTMLParser):
        current = root

        def handle_starttag(self, tag, attrs):
            node = Node(tag, dict(attrs), self.current)
            self.current.children.append(node)
            if tag not in VOID:
                self.current = node

        def handle_endtag(self, tag):
            node = self.current
            while node is not root and node.tag != tag:
                node = node.parent
            if node is not root:
                self.current = node.parent

        def handle_data(self, data):
            self.current.text += data

    Builder(convert_charrefs=True).feed(html)
    return root


def live_regions(tree: Node) -> dict[str, Node]:
    return {n.attrs.get("id", ""): n for n in tree.walk() if n.attrs.get("aria-live") == "polite"}


def poller(tree: Node) -> Node:
    (found,) = [n for n in tree.walk() if n.attrs.get("data-hx-trigger", "").startswith("every")]
    return found


@pytest.fixture
def room(app, client, group):
    """A live meeting where Awa (this client's phone) and Bruno asked to speak, then the
    facilitator gave Awa the floor; returns its id, Bruno's phone and the facilitator."""
    code = "L1VE5"
    with app.app_context():
        meeting = Meeting(
            group_id=group.id,
            title="Assemblée",
            starts_at=datetime(2026, 4, 2, 17),
            state=State.LIVE,
        )
        meeting.join_code = code
        meeting.items = [AgendaItem(title="Les charges", position=1, timebox_minutes=15)]
        db.session.add(meeting)
        db.session.commit()
        meeting_id = meeting.id
    join(client, code, "Awa")
    post(client, url(meeting_id, "phone/ask"), {"kind": "normal"})
    other = app.test_client()
    join(other, code, "Bruno")
    post(other, url(meeting_id, "phone/ask"), {"kind": "normal"})
    chair = app.test_client()
    Auth(chair).login("facilitator")
    post(chair, url(meeting_id, "conduct/next-speaker"))
    return meeting_id, {"phone": other, "conduct": chair}


# page: (the live region of who speaks, of who waits)
PAGES = {"phone": ("speaker", "line-up"), "conduct": ("speaker-now", "line-up")}


@pytest.mark.parametrize("page", PAGES)
def test_who_speaks_and_who_waits_are_polite_live_regions(room, page):
    meeting_id, clients = room
    tree = parse(clients[page].get(url(meeting_id, page)).get_data(as_text=True))
    speaker, line_up = PAGES[page]
    regions = live_regions(tree)
    assert set(regions) == {speaker, line_up}
    assert regions[speaker].all_text() == "Parle maintenant : Awa"
    assert "Bruno" in regions[line_up].all_text()


@pytest.mark.parametrize("page", PAGES)
def test_the_poll_keeps_the_live_regions_and_replaces_what_is_inside(room, page):
    meeting_id, clients = room
    whole = parse(clients[page].get(url(meeting_id, page)).get_data(as_text=True))
    assert poller(whole).attrs.get("data-hx-swap") == "none", "the poll would replace a region"
    polled = clients[page].get(url(meeting_id, page), headers={"HX-Request": "true"})
    fragment = parse(polled.get_data(as_text=True))
    parts = {n.attrs["id"]: n for n in fragment.walk() if "data-hx-swap-oob" in n.attrs}
    for region in live_regions(whole):
        assert region in parts, f"the poll does not bring #{region}"
        assert parts[region].attrs["data-hx-swap-oob"] == "innerHTML", (
            f"#{region} is swapped whole: a screen reader would lose it"
        )
        around = [a.attrs["id"] for a in parts[region].ancestors() if "data-hx-swap-oob" in a.attrs]
        assert not around, f"#{region} sits in #{around[0]}, which the poll replaces"
    # Every part of the page comes back: nothing it shows stays stale.
    for part in parts:
        assert any(n.attrs.get("id") == part for n in whole.walk()), f"#{part} is not in the page"


@pytest.mark.parametrize("page", PAGES)
def test_every_control_a_poll_swaps_has_an_id_for_the_focus_to_come_back(room, page):
    meeting_id, clients = room
    polled = clients[page].get(url(meeting_id, page), headers={"HX-Request": "true"})
    fragment = parse(polled.get_data(as_text=True))
    controls = [
        node
        for part in fragment.walk()
        if "data-hx-swap-oob" in part.attrs
        for node in part.walk()
        if node.tag in CONTROLS and node.attrs.get("type") != "hidden"
    ]
    assert controls, "the test sees no control: the room should have some"
    nameless = [n.all_text() or n.tag for n in controls if not n.attrs.get("id")]
    assert nameless == [], f"a poll would take the focus from these: {nameless}"
