"""What the accessibility statement claims, in one place that the page renders and the
tests read, so that the page cannot claim a check no test makes.

- `KEYBOARD_FLOWS`: tests/browser/test_keyboard.py walks each of them with the keyboard
  alone, and fails when its own list of flows differs from this one.
- `ZOOMED_PAGES`: tests/browser/test_zoom.py opens each at 320 px with the text at 200 %,
  and fails when its list of pages differs from this one.
- `AXE_CHECKED_PAGES`: at least how many pages of the crawl axe-core finds without error
  in French, as each person who reaches them; `OTHER_LANGUAGES_CHECKED`: the other
  languages it checks one page of each kind in (tests/browser/test_accessibility.py holds
  both). `AXE_PHONE_WIDTH`: the width of the screen it reads the French pages on, where no
  page may scroll sideways (the same test).
- `VNU_CHECKED_PAGES`: at least how many pages of the crawl the Nu HTML Checker finds
  without error (tests/web/test_valid_html.py holds it); None: every page, uncounted.
- `AXE_VERSION`: the axe-core the browser tests inject (package.json says the same).
- `KNOWN_GAPS`: what we know does not conform; `NOT_TESTED`: what no test covers.

The statement follows the model of the RGAA (référentiel général d'amélioration de
l'accessibilité), which asks for the level claimed, the tests, what fails, the date,
a way to report a problem and the recourse to the Défenseur des droits.
"""

from datetime import date

from flask_babel import lazy_gettext as _l

STATEMENT_DATE = date(2026, 12, 1)

# What the footer of every page says, as the RGAA asks: the level, linking to the statement.
MENTION = _l("Accessibility: partially compliant")

# Each flow's key is the name of its test in tests/browser/test_keyboard.py.
KEYBOARD_FLOWS = {
    "need": _l("Voice a need, from the group’s home page to its receipt."),
    "join": _l("Join a meeting with its code, then ask to speak from the phone."),
    "ballot": _l("Vote on the phone."),
    "rsvp": _l("Answer a meeting invitation."),
    "petition": _l("Sign a petition."),
    "conduct": _l("Conduct a meeting: give the floor, then to the next speaker."),
}

# The residents' pages read with the text at 200 % on a screen 320 pixels wide.
ZOOMED_PAGES = {
    "home": _l("the group’s home page"),
    "need_form": _l("the form to voice a need"),
    "receipt": _l("the receipt of a need"),
    "need": _l("a need’s page"),
    "join": _l("joining a meeting"),
    "phone": _l("a meeting on the phone"),
    "ballot": _l("a ballot"),
    "meeting": _l("a meeting’s page and its invitation"),
    "petition": _l("a petition to sign"),
}

# axe-core reads every page of the crawl in French, as each person, and one page of each
# kind (each endpoint) in every other shipped language; the Nu HTML Checker reads at least
# this many pages of the crawl.
AXE_CHECKED_PAGES = 200
OTHER_LANGUAGES_CHECKED = ("en", "es", "ar")
AXE_PHONE_WIDTH = 240
VNU_CHECKED_PAGES: int | None = 2300

AXE_VERSION = "4.11.0"

KNOWN_GAPS = (
    _l(
        "The OpenDocument files (minutes, report, letter, consultation document) are not "
        "checked for accessibility."
    ),
    _l(
        "The meeting’s live pages (phone, projector, conduct) update by themselves every "
        "few seconds and cannot be paused, except by turning JavaScript off: their "
        "“Refresh” link then updates them by hand."
    ),
)

# What no test covers: said, so that nobody reads the list above as complete.
NOT_TESTED = (
    _l("No test with a screen reader by the people who use one has been made yet."),
    _l(
        "The projector is read from across the room: how far away it can be read depends "
        "on the room and the projector, and is not tested."
    ),
)
