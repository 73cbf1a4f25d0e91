"""The contact book (organizers), its call list and CSV, and the names page (the team).

Each page reads the same filters from the query string (`people.book.Filters`), so the
call list and the CSV hold the people the book shows.
"""

from flask import g, request

from assembly.clock import utcnow
from assembly.extensions import db
from assembly.groups.access import group_view
from assembly.groups.models import Group, Role
from assembly.people import book
from assembly.people.book import PAGE_SIZE, Filters, LastContact
from assembly.people.models import ConsentPurpose, ConsentSource, Person
from assembly.people.operations import ladder
from assembly.people.organizing import level_name
from assembly.people.views import bp
from assembly.web.contact import shown_phone
from assembly.web.inputs import asked_page, page_count
from assembly.web.render import render
from assembly.web.spreadsheet import BATCH, csv_response

bp.add_app_template_global(level_name)
bp.add_app_template_global(shown_phone)
bp.add_app_template_global(LastContact, "LastContact")
bp.add_app_template_global(ConsentPurpose, "ConsentPurpose")  # the journal's sentences
bp.add_app_template_global(ConsentSource, "ConsentSource")


@bp.get("/g/<slug>/people")
@group_view(Role.ORGANIZER)
def index(group: Group):
    """The contact book: search, filters, 50 people a page with the count of all."""
    filters = Filters.read(request.args)
    number = asked_page()
    query = book.matching(group, g.viewer, filters)
    total = book.count(query)
    people = book.page(query, number)
    return render(
        "people/index.html",
        group=group,
        filters=filters,
        people=people,
        total=total,
        page=number,
        pages=page_count(total, PAGE_SIZE),
        reachable=book.reachable(people),
        ladder=ladder(group),
    )


@bp.get("/g/<slug>/people/call-list")
@group_view(Role.ORGANIZER)
def call_list(group: Group):
    """The book's people who may be called about the group's actions, to print: a phone,
    a live consent, and a blank column for notes."""
    filters = Filters.read(request.args)
    query = book.to_call(book.matching(group, g.viewer, filters))
    return render(
        "people/call_list.html",
        group=group,
        filters=filters,
        people=book.page(query, 1, book.CALL_LIST_MOST),
        total=book.count(query),
        most=book.CALL_LIST_MOST,
        ladder=ladder(group),
        printed_at=utcnow(),
    )


COLUMNS = (
    "name",
    "building",
    "staircase",
    "floor",
    "address",
    "phone",
    "email",
    "preferred_channel",
    "language",
    "languages",
    "ladder_level",
    "last_contact",
    "live_consents",
    "in_book_since",
)


@bp.get("/g/<slug>/people/export.csv")
@group_view(Role.ORGANIZER)
def export_csv(group: Group):
    """The book's people (as filtered) for a spreadsheet. A phone or e-mail is written only
    under a live consent to be contacted about the group's actions; sensitive notes never
    leave the site this way."""
    filters = Filters.read(request.args)
    query = book.matching(group, g.viewer, filters).execution_options(yield_per=BATCH)
    names = ladder(group)

    def row(person: Person, consents: dict) -> list:
        purposes = consents.get(person.id, [])
        usable = ConsentPurpose.GROUP_ACTIONS in purposes
        return [
            person.name,
            person.building,
            person.staircase,
            person.floor,
            person.address,
            shown_phone(person.phone) if usable else "",
            person.email if usable else "",
            person.preferred_channel.label if person.preferred_channel else "",
            person.language,
            person.languages,
            level_name(names, person.ladder_rank),
            person.last_contact_at.date().isoformat() if person.last_contact_at else "",
            ", ".join(str(purpose.label) for purpose in purposes),
            person.created_at.date().isoformat(),
        ]

    def rows():  # streamed a batch at a time (`csv_response`)
        for people in db.session.scalars(query).partitions():
            consents = book.live_purposes([person.id for person in people])
            for person in people:
                yield row(person, consents)

    return csv_response(COLUMNS, rows(), f"personnes-{group.slug}.csv")


@bp.get("/g/<slug>/people/names")
@group_view(Role.FACILITATOR)
def names(group: Group):
    """Who comes to the group's meetings: names and attendance only, for the whole team
    (reached from the meetings pages). Nothing else of the contact book shows here."""
    q = request.args.get("q", "")
    number = asked_page()
    query = book.names(group, q)
    total = book.count(query)
    rows = db.session.execute(query.limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)).all()
    return render(
        "people/names.html",
        group=group,
        rows=rows,
        # Whether a name leads to the card: Person.visible_to, asked of any card of the group.
        cards=Person(group_id=group.id).visible_to(g.viewer),
        q=q,
        total=total,
        page=number,
        pages=page_count(total, PAGE_SIZE),
    )
