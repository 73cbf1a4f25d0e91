"""`assembly check-mail` and `assembly check-sms`: a test message sent at once, every step
said, a failure explained with what to change, and the exit code says which."""

import pytest


def run(runner, *args):
    return runner.invoke(args=list(args))


# check-mail -------------------------------------------------------------------------------


def test_check_mail_sends_and_tells_each_step(runner, smtp_server):
    result = run(runner, "check-mail", "awa@example.org")
    assert result.exit_code == 0, result.output
    assert f"Connected to 127.0.0.1:{smtp_server.port}." in result.output
    assert "No TLS" in result.output
    assert "No login" in result.output
    assert "The server accepted the message for awa@example.org: 250" in result.output
    [mail] = smtp_server.received
    assert mail["To"] == "awa@example.org"
    assert mail["Subject"] == "Assemblée\u00a0: e-mail de test"
    assert "assembly check-mail" in mail.get_body(("plain",)).get_content()


def test_check_mail_says_what_the_server_refused(runner, smtp_server):
    smtp_server.refuse["nobody@example.org"] = "550 No such user here"
    result = run(runner, "check-mail", "nobody@example.org")
    assert result.exit_code == 1
    assert "The server refused nobody@example.org: 550 No such user here" in result.output
    assert smtp_server.received == []


def test_check_mail_with_nothing_listening(runner):
    result = run(runner, "check-mail", "awa@example.org")  # MAIL_PORT 9: nobody there
    assert result.exit_code == 1
    assert "Nothing answers at 127.0.0.1:9" in result.output
    assert "Hint: Check MAIL_SERVER and MAIL_PORT" in result.output


@pytest.mark.parametrize(
    ("setting", "hint"),
    [
        ({"MAIL_USERNAME": "assemblee"}, "leave MAIL_USERNAME empty"),  # no AUTH offered
        ({"MAIL_SECURITY": "starttls"}, 'set MAIL_SECURITY = "tls"'),  # no STARTTLS
    ],
)
def test_check_mail_explains_what_the_server_does_not_offer(
    app, runner, smtp_server, setting, hint
):
    app.config.update(setting)
    result = run(runner, "check-mail", "awa@example.org")
    assert result.exit_code == 1
    assert "The server does not offer it" in result.output
    assert hint in result.output
    assert smtp_server.received == []


@pytest.mark.parametrize("name", ["MAIL_SERVER", "MAIL_FROM"])
def test_check_mail_without_settings_says_where_to_set_them(app, runner, name):
    app.config[name] = ""
    result = run(runner, "check-mail", "awa@example.org")
    assert result.exit_code == 1
    assert f"{name} is empty" in result.output
    assert f"Hint: Set {name} in instance/config.py" in result.output


def test_check_mail_refuses_what_is_no_address(runner, smtp_server):
    result = run(runner, "check-mail", "awa at example")
    assert result.exit_code == 1
    assert "is not an e-mail address" in result.output
    assert smtp_server.received == []


# check-sms --------------------------------------------------------------------------------


def test_check_sms_sends_and_gives_the_phones_id(runner, sms_gateway):
    result = run(runner, "check-sms", "06 12 34 56 78")
    assert result.exit_code == 0, result.output
    [sms] = sms_gateway.sent
    assert sms["phoneNumbers"] == ["+33612345678"]
    assert sms["textMessage"]["text"] == (
        "Assemblée\u00a0: SMS de test envoyé par assembly check-sms. Les réglages SMS fonctionnent."
    )
    assert f"Asking the phone at {sms_gateway.url} to send a test SMS to +33612345678" in (
        result.output
    )
    assert f"The phone took the SMS: its id is {sms['id']}." in result.output
    assert "http://localhost/sms/webhook" in result.output


def test_check_sms_warns_when_reports_cannot_come_back(app, runner, sms_gateway):
    app.config["SMS_WEBHOOK_KEY"] = ""
    result = run(runner, "check-sms", "+33612345678")
    assert result.exit_code == 0
    assert "SMS_WEBHOOK_KEY is empty" in result.output


def test_check_sms_with_no_phone_listening(runner):
    result = run(runner, "check-sms", "+33612345678")  # SMS_GATEWAY_URL port 9: nobody
    assert result.exit_code == 1
    assert "The phone did not take it: gateway unreachable" in result.output
    assert "Hint: Is the phone on" in result.output


def test_check_sms_with_a_wrong_password(app, runner, sms_gateway):
    app.config["SMS_GATEWAY_PASSWORD"] = "not-the-password"
    result = run(runner, "check-sms", "+33612345678")
    assert result.exit_code == 1
    assert "401" in result.output
    assert "Hint: Check SMS_GATEWAY_LOGIN and SMS_GATEWAY_PASSWORD" in result.output
    assert sms_gateway.sent == []


def test_check_sms_without_a_gateway_says_where_to_set_it(app, runner):
    app.config["SMS_GATEWAY_URL"] = ""
    result = run(runner, "check-sms", "+33612345678")
    assert result.exit_code == 1
    assert "SMS_GATEWAY_URL is empty" in result.output
    assert "Hint: Set SMS_GATEWAY_URL in instance/config.py" in result.output


def test_check_sms_refuses_what_is_no_number(runner, sms_gateway):
    result = run(runner, "check-sms", "12")
    assert result.exit_code == 1
    assert "is not a phone number" in result.output
    assert sms_gateway.sent == []
