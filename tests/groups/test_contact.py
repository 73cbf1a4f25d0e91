"""A group says whom residents ask about their data."""

from assembly.extensions import db
from assembly.groups.models import Group
from assembly.trace.models import Event
from tests.helpers import post


def test_admin_sets_the_contact_and_the_home_page_shows_it(app, client, auth, group):
    auth.login("admin")
    response = post(client, "/g/glycines/contact", {"contact": " bureau@glycines.example "})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Group, group.id).contact == "bureau@glycines.example"
        assert db.session.scalar(db.select(Event).filter_by(verb="group.contact_changed"))
    auth.logout()
    home = client.get("/g/glycines/").get_data(as_text=True)
    assert "bureau@glycines.example" in home and 'href="/data"' in home


def test_the_members_page_offers_the_contact_form(client, auth, group):
    auth.login("admin")
    page = client.get("/g/glycines/members").get_data(as_text=True)
    assert 'action="/g/glycines/contact"' in page


def test_a_contact_too_long_is_refused(app, client, auth, group):
    auth.login("admin")
    assert post(client, "/g/glycines/contact", {"contact": "x" * 201}).status_code == 400
    with app.app_context():
        assert db.session.get(Group, group.id).contact == ""
