"""The poster speaks the group's language, whoever prints it."""

from assembly.web.i18n import LANGUAGE_COOKIE


def test_the_poster_is_french_for_an_english_browser(client, group):
    page = client.get("/g/glycines/poster", headers={"Accept-Language": "en-US,en;q=0.9"})
    text = page.get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in text
    assert "vous complique la vie au quotidien" in text
    assert "What makes your daily life hard?" not in text


def test_the_poster_is_french_when_english_was_chosen(client, group):
    client.set_cookie(LANGUAGE_COOKIE, "en")
    text = client.get("/g/glycines/poster?size=a5").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in text
    assert "What makes your daily life hard?" not in text
    # The rest of the site still follows the visitor's choice.
    assert '<html lang="en" dir="ltr">' in client.get("/g/glycines/").get_data(as_text=True)
