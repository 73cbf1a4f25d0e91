"""Rate limits that a room sharing one Wi-Fi address never meets, and a guesser does.

In a hosted instance a whole assembly reaches the site from the venue's one public
address. Joining a meeting, signing in and the public forms must let all of them
through; only what abuse looks like is limited: wrong meeting codes, many tries at one
name, one browser posting again and again, or an address posting beyond any crowd.
"""

from datetime import datetime

from assembly.extensions import db
from tests.helpers import PASSWORD, csrf_token, post

LIMITS = {
    "JOIN_CODE_RATE_LIMIT": "2 per hour",
    "PUBLIC_FORM_RATE_LIMIT": "2 per hour",
    "PUBLIC_FORM_ADDRESS_RATE_LIMIT": "8 per hour",
    "LOGIN_RATE_LIMIT": "3 per hour",
    "LOGIN_ADDRESS_RATE_LIMIT": "9 per hour",
}


def make_group_and_meeting(app) -> str:
    """The group 'glycines' (needs published at once) and a live meeting; returns its code."""
    from assembly.groups.operations import create_group
    from assembly.meetings.models import State
    from assembly.meetings.operations.planning import create_meeting
    from assembly.needs.operations import set_premoderation

    with app.app_context():
        group = create_group("Collectif", "glycines", admin=None)
        set_premoderation(group, False)
        meeting = create_meeting(group, title="Assemblée", starts_at=datetime(2030, 1, 1))
        meeting.state = State.LIVE
        db.session.commit()
        return meeting.join_code


def join(app, code, name="Awa"):
    """A new phone (a new browser) joins with `code`."""
    phone = app.test_client()
    return post(phone, "/j", {"code": code, "name": name})


def test_a_whole_room_joins_from_one_address(app_factory):
    app = app_factory(**LIMITS)
    code = make_group_and_meeting(app)
    assert [join(app, code, f"Personne {i}").status_code for i in range(12)] == [302] * 12


def test_wrong_codes_are_what_is_limited_per_address(app_factory):
    app = app_factory(**LIMITS)
    code = make_group_and_meeting(app)
    assert join(app, code).status_code == 302
    assert [join(app, "ZZZZZ").status_code for _ in range(3)] == [400, 400, 429]
    assert "Trop de tentatives" in join(app, "ZZZZZ").get_data(as_text=True)


def test_a_missing_name_is_not_counted_as_a_wrong_code(app_factory):
    app = app_factory(**LIMITS)
    code = make_group_and_meeting(app)
    assert [join(app, code, name="").status_code for _ in range(4)] == [400] * 4
    assert join(app, code).status_code == 302


def test_public_forms_count_per_browser_and_a_crowd_per_address(app_factory):
    app = app_factory(**LIMITS)
    make_group_and_meeting(app)
    url = "/g/glycines/needs/new"  # "confirmed": these alike titles skip the similar needs
    statuses = []
    for person in range(4):
        browser = app.test_client()
        statuses += [
            post(browser, url, {"title": f"Besoin {person}-{n}", "confirmed": "1"}).status_code
            for n in (1, 2)
        ]
    assert statuses == [302] * 8  # four people on one Wi-Fi, two needs each
    assert post(app.test_client(), url, {"title": "Encore"}).status_code == 429  # the address


def test_one_browser_is_held_to_its_own_limit(app_factory):
    app = app_factory(**LIMITS)
    make_group_and_meeting(app)
    browser = app.test_client()
    url = "/g/glycines/needs/new"  # "confirmed": these alike titles skip the similar needs
    statuses = [
        post(browser, url, {"title": f"Besoin {n}", "confirmed": "1"}).status_code for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert post(app.test_client(), url, {"title": "Une autre personne"}).status_code == 302


def test_members_sign_in_from_one_address_and_a_guesser_is_stopped(app_factory):
    from assembly.auth.operations import create_user

    app = app_factory(**LIMITS)
    names = [f"membre{i}" for i in range(4)]
    with app.app_context():
        for name in names:
            create_user(name, name.title(), PASSWORD)

    def sign_in(name, password):
        client = app.test_client()
        data = {"login": name, "password": password, "csrf_token": csrf_token(client, "/login")}
        return client.post("/login", data=data).status_code

    # Four members, each mistyping once, all get in.
    assert [sign_in(n, "faute de frappe") for n in names] == [400] * 4
    assert [sign_in(n, PASSWORD) for n in names] == [302] * 4
    # Many tries at one name: held per name (the mistake and the sign-in count too)…
    assert [sign_in(names[0], "devine") for _ in range(2)] == [400, 429]
    # …and many names from one address: held per address.
    assert sign_in("quelquun", "devine") == 429


def test_a_limit_on_every_page_set_by_the_host_still_holds(app_factory):
    """Reading pages have no limit of their own, so Flask-Limiter's check before every
    request is left out (`check_limits_in_views_only`) — unless the host sets one."""
    app = app_factory(RATELIMIT_DEFAULT="2 per hour")
    client = app.test_client()
    assert [client.get("/healthz").status_code for _ in range(3)] == [200, 200, 429]


def test_an_app_without_rate_limits_still_starts(app_factory):
    app = app_factory(RATELIMIT_ENABLED=False)
    assert app.test_client().get("/healthz").status_code == 200
