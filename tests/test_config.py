"""Configuration: defaults, instance/config.py, then ASSEMBLY_* variables."""

import pytest

from assembly import create_app
from assembly.web.access import public, signed_in


@pytest.fixture
def instance(tmp_path, monkeypatch):
    folder = tmp_path / "instance"
    folder.mkdir()
    monkeypatch.setenv("ASSEMBLY_INSTANCE_PATH", str(folder))
    monkeypatch.setenv("ASSEMBLY_DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    return folder


def test_environment_overrides_the_instance_file_which_overrides_defaults(instance, monkeypatch):
    (instance / "config.py").write_text('HOST_CONTACT = "fichier"\nPROXIES = 1\n')
    monkeypatch.setenv("ASSEMBLY_HOST_CONTACT", "variable")
    app = create_app()
    assert app.config["HOST_CONTACT"] == "variable"
    assert app.config["PROXIES"] == 1
    assert app.config["BABEL_DEFAULT_LOCALE"] == "fr"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("False", False), ("false", False), ("0", False), ("True", True), ("on", True)],
)
def test_boolean_settings_read_the_way_people_write_them(instance, monkeypatch, raw, expected):
    monkeypatch.setenv("ASSEMBLY_HTTPS", raw)
    assert create_app().config["HTTPS"] is expected


def test_a_boolean_setting_with_nonsense_refuses_to_start(instance, monkeypatch):
    monkeypatch.setenv("ASSEMBLY_HTTPS", "peut-être")
    with pytest.raises(RuntimeError, match="ASSEMBLY_HTTPS"):
        create_app()


def test_postgres_urls_as_providers_give_them_use_psycopg_3(instance, monkeypatch):
    from assembly.database import database_url

    app = create_app()
    app.config["DATABASE_URL"] = "postgres://u:p@db.local/assemblee"
    assert database_url(app) == "postgresql+psycopg://u:p@db.local/assemblee"


def test_a_view_with_two_access_decorators_is_refused():
    def view():
        return "ok"

    with pytest.raises(TypeError, match="two access decorators"):
        signed_in(public(view))


def test_app_refuses_to_start_when_a_view_declares_no_access(instance):
    from assembly.web.access import check_every_view_declares_access

    app = create_app()  # its own: the shared test app takes no new routes once it has served
    app.add_url_rule("/forgotten", "forgotten", lambda: "oops")
    with pytest.raises(RuntimeError, match="forgotten"):
        check_every_view_declares_access(app)
