"""Every enum that names itself in words has a label for each member, in both languages."""

from enum import Enum

import pytest
from flask_babel import force_locale

from assembly.config import LANGUAGES
from assembly.enums import Labelled


def labelled_enums() -> list[type[Enum]]:
    """Every Labelled enum of the app (its models are imported by create_app)."""
    found, waiting = [], list(Labelled.__subclasses__())
    while waiting:
        cls = waiting.pop()
        waiting.extend(cls.__subclasses__())
        if issubclass(cls, Enum) and list(cls):
            found.append(cls)
    return sorted(found, key=lambda cls: cls.__qualname__)


def test_the_app_names_its_enums_in_words(app):
    names = {cls.__name__ for cls in labelled_enums()}
    assert {"NeedStatus", "DecisionStatus", "DecisionOutcome", "Role", "AgeBracket"} <= names


def test_enum_names_say_which_feature_they_belong_to(app):
    names = [cls.__name__ for cls in labelled_enums()]
    assert len(names) == len(set(names)), "two Labelled enums share a name"
    assert not {"Status", "Outcome"} & set(names)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_member_of_every_labelled_enum_has_a_label(app, language):
    missing = []
    with app.test_request_context(), force_locale(language):
        for cls in labelled_enums():
            assert set(cls.__labels__) == {member.value for member in cls}, cls.__qualname__
            missing += [f"{cls.__qualname__}.{m.name}" for m in cls if not str(m.label).strip()]
    assert not missing, missing


def test_labels_are_translated_when_rendered(app):
    from assembly.needs.models import NeedStatus

    with app.test_request_context():
        with force_locale("fr"):
            assert str(NeedStatus.TAKEN_UP.label) == "pris en charge"
        with force_locale("en"):
            assert str(NeedStatus.TAKEN_UP.label) == "taken up"


def test_the_sign_in_page_names_the_age_brackets_in_the_readers_language(client):
    french = client.get("/j", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert '<option value="under 18">moins de 18 ans</option>' in french
    assert '<option value="65+">65 ans et plus</option>' in french
    english = client.get("/j", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<option value="18–29">18–29</option>' in english
