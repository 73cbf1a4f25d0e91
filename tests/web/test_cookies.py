"""The session cookie's signature follows the app's keys, though its serializer is kept."""


def test_a_new_secret_key_ends_the_sessions_signed_with_the_old_one(app):
    client = app.test_client()
    with client.session_transaction() as session:
        session["attending"] = {"1": 2}
    old, fallbacks = app.config["SECRET_KEY"], app.config["SECRET_KEY_FALLBACKS"]
    try:
        app.config["SECRET_KEY"] = "another key, after a leak"
        with client.session_transaction() as session:
            assert "attending" not in session
        app.config["SECRET_KEY_FALLBACKS"] = [old]  # the old key, kept while cookies renew
        with client.session_transaction() as session:
            assert session["attending"] == {"1": 2}
    finally:
        app.config["SECRET_KEY"], app.config["SECRET_KEY_FALLBACKS"] = old, fallbacks
