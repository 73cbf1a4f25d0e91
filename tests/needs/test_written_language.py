"""A resident voices a need in her own language: it keeps it, pages say it, the team may add
a French summary beside her words (web/languages.py)."""

from assembly.extensions import db
from assembly.needs.models import Need
from tests.helpers import post

NEW = "/g/glycines/needs/new"
ARABIC_TITLE = "المصعد معطل منذ ثلاثة أسابيع"


def test_a_need_written_in_arabic_keeps_its_language_and_gets_a_french_summary(
    app, client, auth, group, need_row
):
    data = {"title": ARABIC_TITLE, "body": "لا يستطيع كبار السن الخروج.", "language": "ar"}
    assert post(client, NEW, data).status_code == 302
    assert need_row(1).language == "ar"

    auth.login("facilitator")
    post(client, "/g/glycines/needs/1/moderate", {"decision": "approved"})
    page = app.test_client().get("/g/glycines/needs/1").get_data(as_text=True)
    assert f'<bdi lang="ar">{ARABIC_TITLE}</bdi>' in page
    body = '<div class="written" lang="ar" dir="auto"><p>لا يستطيع كبار السن الخروج.</p></div>'
    assert body in page
    assert "Écrit en arabe (العربية)." in page
    assert "Résumé en français" not in page

    edit = client.get("/g/glycines/needs/1/edit").get_data(as_text=True)
    assert '<option selected value="ar">' in edit or '<option value="ar" selected>' in edit
    summary = "L’ascenseur est en panne depuis trois semaines."
    data = {"title": ARABIC_TITLE, "body": need_row(1).body, "language": "ar"}
    response = post(client, "/g/glycines/needs/1/edit", {**data, "french_summary": summary})
    assert response.status_code == 302
    need = need_row(1)
    assert (need.title, need.french_summary) == (ARABIC_TITLE, summary)  # her words stay
    page = app.test_client().get("/g/glycines/needs/1").get_data(as_text=True)
    assert f'<span lang="fr">{summary}</span>' in page
    listing = app.test_client().get("/g/glycines/needs").get_data(as_text=True)
    assert f'<bdi lang="ar">{ARABIC_TITLE}</bdi>' in listing


def test_a_french_need_says_nothing_of_its_language(app, client, auth, group, make_need):
    make_need("Le chauffage est coupé", body="Depuis lundi.")
    page = app.test_client().get("/g/glycines/needs/1").get_data(as_text=True)
    assert '<div class="written" lang="fr" dir="auto">' in page
    assert "Écrit en" not in page


def test_the_form_proposes_the_page_language_and_refuses_an_unknown_one(app, client, group):
    client.set_cookie("lang", "ar")
    form = client.get(NEW).get_data(as_text=True)
    assert '<option selected value="ar">' in form
    client.set_cookie("lang", "fr")
    form = client.get(NEW).get_data(as_text=True)
    assert '<option selected value="fr">' in form
    assert "tamoul (தமிழ்)" in form and "wolof" in form  # named in French and in itself

    response = post(client, NEW, {"title": "Des rats dans la cave", "language": "xx"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="language-error"' in page and "Des rats dans la cave" in page
    with app.app_context():
        assert db.session.scalar(db.select(Need)) is None


def test_a_resident_who_answers_in_arabic_gets_her_messages_in_arabic(app, client, group):
    """The page's language goes on the card of the person who fills in the form herself
    (the messages are then written in it); a French page leaves the site's default."""
    from assembly.messages.outbox import language_of
    from assembly.needs.models import Need

    client.set_cookie("lang", "ar")
    data = {"title": ARABIC_TITLE, "language": "ar", "contact": "06 11 22 33 44", "consent": "y"}
    assert post(client, NEW, data).status_code == 302
    client.set_cookie("lang", "fr")
    data = {"title": "Fuite", "contact": "06 55 66 77 88", "consent": "y"}
    assert post(client, NEW, data).status_code == 302
    with app.app_context():
        needs = db.session.scalars(db.select(Need).order_by(Need.id))
        arabic, french = (need.person for need in needs)
        assert (arabic.language, french.language) == ("ar", "")
        assert (language_of(arabic), language_of(french)) == ("ar", "fr")


def test_each_written_language_is_named_in_itself_as_cldr_names_it():
    """web/languages.py writes each language's own name rather than ask Babel for it (that
    would keep each language's CLDR data in memory): the names are CLDR's all the same."""
    from babel import Locale

    from assembly.web.languages import WRITTEN_LANGUAGES

    cldr = {code: Locale.parse(code).get_display_name(code) for code in WRITTEN_LANGUAGES}
    assert cldr == WRITTEN_LANGUAGES
