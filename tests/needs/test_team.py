"""The team's work on needs: moderation, status, merging duplicates, themes, the journal."""

import re
from urllib.parse import parse_qs, urlsplit

from assembly.extensions import db
from assembly.groups.models import Group
from assembly.needs.models import Moderation, NeedStatus, Support
from assembly.trace.operations import events_for
from tests.helpers import Auth, post


def test_moderation_queue_approves_rejects_and_marks_spam(
    app, client, auth, group, make_need, need_row
):
    for title in ("Bancs cassés", "Insulte", "Crédit pas cher"):
        make_need(title, approved=False)
    auth.login("facilitator")
    queue = client.get("/g/glycines/needs/moderation").get_data(as_text=True)
    assert all(title in queue for title in ("Bancs cassés", "Insulte", "Crédit pas cher"))
    post(client, "/g/glycines/needs/1/moderate", {"decision": "approved"})
    post(
        client,
        "/g/glycines/needs/2/moderate",
        {"decision": "rejected", "reason": "Propos injurieux", "confirm": "yes"},
    )
    post(client, "/g/glycines/needs/3/moderate", {"decision": "spam", "confirm": "yes"})
    assert [need_row(n).moderation for n in (1, 2, 3)] == [
        Moderation.APPROVED,
        Moderation.REJECTED,
        Moderation.SPAM,
    ]
    assert need_row(2).moderation_reason == "Propos injurieux"
    public = app.test_client()
    assert public.get("/g/glycines/needs/1").status_code == 200
    assert public.get("/g/glycines/needs/2").status_code == 404
    assert public.get("/g/glycines/needs/3").status_code == 404
    assert "Bancs cassés" not in client.get("/g/glycines/needs/moderation").get_data(as_text=True)


def test_refusing_a_need_without_its_confirmation_step_changes_nothing(
    app, client, auth, group, make_need, need_row, person_of
):
    made = make_need("Bancs cassés", approved=False, contact="06 11 22 33 44")
    auth.login("facilitator")
    for decision in ("rejected", "spam"):
        response = post(
            client,
            "/g/glycines/needs/1/moderate",
            {"decision": decision, "reason": "Hors sujet"},
            follow_redirects=True,
        )
        assert "Rien n’a changé\u00a0: confirmez d’abord." in response.get_data(as_text=True)
    need = need_row(1)
    assert need.moderation == Moderation.PENDING
    [consent] = person_of(1).consents
    assert consent.expires_at is None  # its author may still be told about it
    with app.app_context():
        assert [e.verb for e in events_for("needs", made.id)] == ["need.submitted"]
    # Both pages offer the step, which sends confirm=yes; approving needs none.
    for url in ("/g/glycines/needs/moderation", "/g/glycines/needs/1"):
        page = client.get(url).get_data(as_text=True)
        assert page.count('name="confirm" value="yes"') == 2
        assert 'value="rejected"' in page and 'value="spam"' in page
    too_long = post(
        client,
        "/g/glycines/needs/1/moderate",
        {"decision": "rejected", "reason": "trop " * 101, "confirm": "yes"},
    )
    page = too_long.get_data(as_text=True)
    assert too_long.status_code == 400 and need_row(1).moderation == Moderation.PENDING
    assert '<details class="confirm inline" open>' in page and 'id="reason-1-error"' in page
    assert 'value="' + "trop " * 101 in page
    post(client, "/g/glycines/needs/1/moderate", {"decision": "approved"})
    assert need_row(1).moderation == Moderation.APPROVED


def test_pending_count_is_shown_to_the_team(client, auth, group, make_need):
    make_need(approved=False)
    make_need("Deux", approved=False)
    auth.login("facilitator")
    assert "(2)" in client.get("/g/glycines/needs").get_data(as_text=True)


def test_status_moves_forward_and_declining_needs_a_public_reason(
    client, auth, group, make_need, need_row, person_of
):
    make_need(contact="06 00 00 00 00")
    auth.login("organizer")
    assert post(client, "/g/glycines/needs/1/status", {"status": "taken_up"}).status_code == 302
    assert "06 00 00 00 00" in client.get("/g/glycines/needs/1").get_data(as_text=True)
    refused = post(client, "/g/glycines/needs/1/status", {"status": "declined", "reason": ""})
    assert refused.status_code == 400
    post(
        client,
        "/g/glycines/needs/1/status",
        {"status": "declined", "reason": "Hors de notre portée"},
    )
    need = need_row(1)
    assert need.status == NeedStatus.DECLINED and need.status_reason == "Hors de notre portée"
    [consent] = person_of(1).consents  # it ran until the need was closed: it has run out
    assert consent.expires_at is not None and consent.withdrawn_at is None
    page = client.get("/g/glycines/needs/1").get_data(as_text=True)
    assert "Hors de notre portée" in page and "06 00 00 00 00" not in page


def test_merge_moves_supporters_without_counting_anyone_twice(
    app, client, auth, group, make_need, need_row
):
    make_need("Ascenseur C en panne")  # B-1, the one kept
    make_need("L'ascenseur ne marche plus")  # B-2, the duplicate
    both, only_duplicate, only_kept = app.test_client(), app.test_client(), app.test_client()
    for browser, numbers in ((both, (1, 2)), (only_duplicate, (2,)), (only_kept, (1,))):
        for number in numbers:
            post(browser, f"/g/glycines/needs/{number}/support")
    member = Auth(app.test_client())
    member.login("member")
    for number in (1, 2):
        post(member.client, f"/g/glycines/needs/{number}/support")
    auth.login("facilitator")
    post(client, "/g/glycines/needs/2/counted", {"count": "5", "channel": "meeting"})

    response = post(client, "/g/glycines/needs/2/merge", {"target": "B-1"})
    assert response.headers["Location"] == "/g/glycines/needs/1"
    kept, merged = need_row(1), need_row(2)
    assert kept.support_count == 4  # both, only_duplicate, only_kept, the member: each once
    assert kept.counted_support == 5 and kept.total_support == 9
    assert merged.merged_into_id == kept.id and merged.support_count == 0
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Support)) == 4
        assert [e.verb for e in events_for("needs", merged.id)][-1] == "need.merged"
        assert [e.verb for e in events_for("needs", kept.id)][-1] == "need.absorbed"
    assert "B-2" in client.get("/g/glycines/needs/1").get_data(as_text=True)
    duplicate_page = app.test_client().get("/g/glycines/needs/2").get_data(as_text=True)
    assert 'href="/g/glycines/needs/1"' in duplicate_page
    assert "L&#39;ascenseur ne marche plus" not in app.test_client().get(
        "/g/glycines/needs"
    ).get_data(as_text=True)


def test_merge_refuses_itself_and_unknown_numbers(client, auth, group, make_need):
    make_need()
    auth.login("facilitator")
    for target in ("B-1", "B-99", "n'importe quoi"):
        response = post(client, "/g/glycines/needs/1/merge", {"target": target})
        assert response.status_code == 400
        assert f'value="{target}"'.replace("'", "&#39;") in response.get_data(as_text=True)


def test_merging_into_a_need_that_has_joined_another_is_refused(client, auth, group, make_need):
    for title in ("Un", "Deux", "Trois"):
        make_need(title)
    auth.login("facilitator")
    post(client, "/g/glycines/needs/2/merge", {"target": "B-1"})
    assert post(client, "/g/glycines/needs/3/merge", {"target": "B-2"}).status_code == 400


def test_edit_keeps_the_story_and_bad_input_comes_back(
    app, client, auth, group, make_need, need_row
):
    make_need("Ascensuer en panne")
    auth.login("facilitator")
    bad = post(client, "/g/glycines/needs/1/edit", {"title": "", "place": "Bât. C"})
    assert bad.status_code == 400 and 'value="Bât. C"' in bad.get_data(as_text=True)
    post(client, "/g/glycines/needs/1/edit", {"title": "Ascenseur en panne", "place": "Bât. C"})
    need = need_row(1)
    assert (need.title, need.place) == ("Ascenseur en panne", "Bât. C")
    with app.app_context():
        assert events_for("needs", need.id)[-1].payload == {"fields": ["place", "title"]}


def test_themes_are_managed_by_organizers_and_filter_the_list(app, client, auth, group, make_need):
    auth.login("organizer")
    post(client, "/g/glycines/needs/themes", {"name": "Logement"})
    assert post(client, "/g/glycines/needs/themes", {"name": "logement"}).status_code == 400
    from assembly.needs.models import Theme

    with app.app_context():
        theme_id = db.session.scalar(db.select(Theme.id))
    make_need("Moisissures", theme=None)
    post(client, "/g/glycines/needs/new", {"title": "Fenêtres qui fuient", "theme": str(theme_id)})
    listing = client.get(f"/g/glycines/needs?theme={theme_id}").get_data(as_text=True)
    assert "Fenêtres qui fuient" in listing and "Moisissures" not in listing
    post(client, f"/g/glycines/needs/themes/{theme_id}/delete")
    assert "Fenêtres qui fuient" in client.get("/g/glycines/needs").get_data(as_text=True)


def test_list_sorts_by_most_shared_and_pages(app, client, group, make_need):
    for i in range(25):
        make_need(f"Besoin numéro {i}")
    post(app.test_client(), "/g/glycines/needs/3/support")
    top = client.get("/g/glycines/needs?sort=supported").get_data(as_text=True)
    assert top.index("Besoin numéro 2<") < top.index("Besoin numéro 24<")
    first = client.get("/g/glycines/needs").get_data(as_text=True)
    assert 'rel="next"' in first and "Besoin numéro 24" in first and "Besoin numéro 0<" not in first
    second = client.get("/g/glycines/needs?page=2").get_data(as_text=True)
    assert "Besoin numéro 0<" in second and 'rel="next"' not in second and 'rel="prev"' in second


def test_the_list_s_pages_keep_its_filters_and_a_short_list_has_no_pager(client, group, make_need):
    """The pager's links carry the search and sort to the next page; a list that fits on
    one page shows no empty navigation landmark."""
    for i in range(25):
        make_need(f"Fuite numéro {i}")
    make_need("Ascenseur bloqué")
    first = client.get("/g/glycines/needs?q=fuite&sort=supported").get_data(as_text=True)
    pager = re.search(r'<nav class="pages".*?</nav>', first, re.DOTALL).group(0)
    link = re.search(r'href="([^"]+)" rel="next"', pager).group(1).replace("&amp;", "&")
    assert parse_qs(urlsplit(link).query) == {"q": ["fuite"], "sort": ["supported"], "page": ["2"]}
    second = client.get(link).get_data(as_text=True)
    assert "Fuite numéro 0<" in second and 'rel="prev"' in second
    short = client.get("/g/glycines/needs?q=ascenseur").get_data(as_text=True)
    assert "Ascenseur bloqué<" in short and '<nav class="pages"' not in short


def test_closing_rejecting_or_merging_a_need_ends_its_author_s_consent_once_none_is_open(
    app, group, people, person_of
):
    """The contact was left "until the need is closed": once no need of theirs is open,
    the consent runs out (the row stays, with its date), whatever closed it."""
    from assembly.auth.models import User
    from assembly.needs.operations import merge, moderate, set_status, submit_need
    from assembly.web.contact import Contact

    member = people["member"]
    with app.app_context():
        group_row = db.session.get(Group, group.id)
        user = db.session.get(User, member.id)
        # Three needs by one member (one person), a contact left with the first.
        first = submit_need(
            group_row, title="Fuite", author=user, contact=Contact(phone="+33611223344")
        )
        second = submit_need(group_row, title="Rats", author=user, trusted=True)
        third = submit_need(group_row, title="Bruit", author=user, trusted=True)
        other = submit_need(group_row, title="Autre", trusted=True)
        moderate(first, Moderation.REJECTED, "Hors sujet")
        assert person_of(1).consents[0].expires_at is None  # two of theirs still open
        set_status(second, NeedStatus.RESOLVED)
        assert person_of(1).consents[0].expires_at is None
        merge(third, other)
        assert person_of(1).consents[0].expires_at is not None  # none left open
