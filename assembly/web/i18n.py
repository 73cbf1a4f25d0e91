"""Choosing the language of a page, and formatting helpers for templates."""

from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user

from assembly.extensions import babel
from assembly.paths import TRANSLATIONS
from assembly.web.languages import language_name

LANGUAGE_COOKIE = "lang"
# Each language named in itself, so a reader finds hers whatever the page's language.
LANGUAGE_NAMES = {"fr": "Français", "en": "English", "es": "Español", "ar": "العربية"}
RIGHT_TO_LEFT = {"ar"}


def select_locale() -> str:
    """The account's setting, else the switcher's cookie, else the browser's, else French."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the command line speaks the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return chosen
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def init_i18n(app: Flask) -> None:
    babel.init_app(
        app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS)
    )
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals["language_name"] = language_name

    @app.context_processor
    def language_context():
        languages = current_app.config["LANGUAGES"]
        names = {code: LANGUAGE_NAMES.get(code, code) for code in languages}
        locale = str(get_locale())
        return {
            "current_locale": locale,
            "text_direction": "rtl" if locale in RIGHT_TO_LEFT else "ltr",
            "language_names": names,
        }
