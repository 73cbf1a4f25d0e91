"""Choosing the language of a page, and formatting helpers for templates."""

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Domain, get_locale
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


class RequestDomain(Domain):
    """Flask-Babel's message domain, finding the request's catalog once per request.

    Flask-Babel looks the catalog up again for every string (the request's context three
    times, the locale, its name): a page's 60 to 200 strings made a tenth of its cost.
    The catalog found is kept where Flask-Babel itself clears it when the language
    changes within a request (`babel_translations`, which `refresh` deletes and
    `force_locale` sets aside then restores). The app has this one domain.
    """

    def get_translations(self):
        kept = getattr(g.get("_flask_babel") if g else None, "babel_translations", None)
        if kept is not None:
            return kept
        translations = super().get_translations()
        context = g.get("_flask_babel") if g else None  # made by the look-up just done
        if context is not None:
            context.babel_translations = translations
        return translations


def init_i18n(app: Flask) -> None:
    babel.init_app(
        app, locale_selector=select_locale, default_translation_directories=str(TRANSLATIONS)
    )
    domain = RequestDomain(domain=app.extensions["babel"].default_domain)
    babel.domain_instance = domain  # what `get_domain` gives: Python code finds it too
    app.jinja_env.install_gettext_callables(  # as Flask-Babel's, without its look-ups
        gettext=lambda s: domain.get_translations().ugettext(s),
        ngettext=lambda s, p, n: domain.get_translations().ungettext(s, p, n),
        pgettext=lambda c, s: domain.get_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: domain.get_translations().unpgettext(c, s, p, n),
        newstyle=True,
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
