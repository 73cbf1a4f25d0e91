"""`assembly check-mail` and `assembly check-sms`: send a test message now, say what happened.

A host sets SMTP and the gateway phone in instance/config.py and wants to know, before
the first reminder is due, whether they work. The test goes out at once, outside the
outbox (it concerns nobody of any group, and waiting for the sender or the morning
would hide the answer), through the same connection code as the sender's. Every step
is said in plain words, a failure with a hint of what to change. Hosts read English
here, as in every `assembly` command.
"""

import smtplib
import socket
import ssl
from collections.abc import Callable
from email import policy

from flask import current_app, render_template
from flask_babel import force_locale

from assembly.messages.mail import build, open_smtp
from assembly.messages.outbox import absolute_url
from assembly.messages.sms import SendFailed, send_sms
from assembly.web.contact import parse_email, parse_phone

Say = Callable[[str], None]


def check_mail(address: str, say: Say) -> bool:
    """Send a test e-mail to `address` and tell each step; whether the server accepted it."""
    config = current_app.config
    for name in ("MAIL_SERVER", "MAIL_FROM"):
        if not config[name]:
            return _fail(say, f"{name} is empty: no e-mail can be sent.", _set(name))
    try:
        to = parse_email(address)
    except ValueError:
        return _fail(say, f"{address!r} is not an e-mail address.")
    mail = _test_mail(to)
    host, port = config["MAIL_SERVER"], config["MAIL_PORT"]
    say(f"Connecting to {host}:{port} (MAIL_SECURITY = {config['MAIL_SECURITY']!r})…")
    try:
        with open_smtp(say) as smtp:
            return _hand_over(smtp, config["MAIL_FROM"], to, mail.as_bytes(policy=policy.SMTP), say)
    except (smtplib.SMTPException, OSError) as error:
        return _fail(say, *_mail_trouble(error, host, port))


def _hand_over(smtp: smtplib.SMTP, sender: str, to: str, data: bytes, say: Say) -> bool:
    """The SMTP transaction, step by step, with each of the server's answers."""
    smtp.ehlo_or_helo_if_needed()
    code, answer = smtp.mail(sender)
    if code != 250:
        return _fail(
            say,
            f"The server refused the sender {sender}: {code} {_text(answer)}",
            "MAIL_FROM must be an address this server lets you send from.",
        )
    code, answer = smtp.rcpt(to)
    if code not in (250, 251):
        return _fail(say, f"The server refused {to}: {code} {_text(answer)}")
    code, answer = smtp.data(data)
    if code != 250:
        return _fail(say, f"The server did not take the message: {code} {_text(answer)}")
    say(f"The server accepted the message for {to}: {code} {_text(answer)}")
    return True


def _mail_trouble(error: Exception, host: str, port: int) -> tuple[str, str]:
    """What went wrong in words, and what to change."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return (
            f"The server refused the login: {error.smtp_code} {_text(error.smtp_error)}",
            "Check MAIL_USERNAME and MAIL_PASSWORD.",
        )
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return (
            f"The server does not offer it: {error}",
            'No STARTTLS: set MAIL_SECURITY = "tls" for port 465, or "none" for a local '
            "relay. No AUTH: leave MAIL_USERNAME empty, or use the port that takes logins.",
        )
    if isinstance(error, smtplib.SMTPResponseException):
        return f"The server answered {error.smtp_code} {_text(error.smtp_error)}", ""
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return (
            f"The server closed the connection: {error}",
            'A port that speaks TLS from the start (465) needs MAIL_SECURITY = "tls".',
        )
    if isinstance(error, ssl.SSLError):
        return (
            f"TLS failed: {error}",
            'MAIL_SECURITY "tls" is for port 465, "starttls" for 587; MAIL_SERVER must be '
            "the name on the server's certificate.",
        )
    if isinstance(error, socket.gaierror):
        return f"The name {host} cannot be found: {error}", "Check MAIL_SERVER."
    if isinstance(error, TimeoutError):
        return (
            f"{host}:{port} did not answer within MAIL_TIMEOUT seconds.",
            "Check MAIL_SERVER and MAIL_PORT; many hosting providers block ports 25 and 587.",
        )
    if isinstance(error, ConnectionRefusedError):
        return (
            f"Nothing answers at {host}:{port} (connection refused).",
            "Check MAIL_SERVER and MAIL_PORT (587 for STARTTLS, 465 for TLS).",
        )
    return f"Could not talk to {host}:{port}: {error}", "Check MAIL_SERVER and MAIL_PORT."


def _test_mail(to: str):
    language = current_app.config["BABEL_DEFAULT_LOCALE"]
    with force_locale(language):
        text = render_template("messages/check.txt", channel="email").strip()
    subject, _blank, body = text.partition("\n")
    return build(to=to, subject=subject.strip(), body=body.strip(), language=language)


def check_sms(number: str, say: Say) -> bool:
    """Send a test SMS to `number` through the gateway phone and tell what it answered."""
    config = current_app.config
    url = config["SMS_GATEWAY_URL"]
    if not url:
        return _fail(say, "SMS_GATEWAY_URL is empty: no SMS can be sent.", _set("SMS_GATEWAY_URL"))
    try:
        phone = parse_phone(number)
    except ValueError:
        return _fail(say, f"{number!r} is not a phone number (e.g. 06 12 34 56 78).")
    with force_locale(config["BABEL_DEFAULT_LOCALE"]):
        text = render_template("messages/check.txt", channel="sms").strip()
    say(f"Asking the phone at {url} to send a test SMS to {phone}…")
    try:
        gateway_id = send_sms(phone, text)
    except SendFailed as failure:
        return _fail(say, f"The phone did not take it: {failure}", _sms_hint(failure.__cause__))
    say(f"The phone took the SMS: its id is {gateway_id}. It should arrive within a minute.")
    if not config["SMS_WEBHOOK_KEY"]:
        say(
            "Note: SMS_WEBHOOK_KEY is empty, so delivery reports and STOP answers are refused. "
            "Set it to the phone's webhook signing key (see the README)."
        )
    elif config["PUBLIC_URL"]:
        webhook = absolute_url("messages.gateway_webhook")
        say(f"Its delivery report comes back on {webhook} if that webhook is registered.")
    return True


def _sms_hint(cause: BaseException | None) -> str:
    status = getattr(cause, "status_code", None)
    if status in (401, 403):
        return (
            "Check SMS_GATEWAY_LOGIN and SMS_GATEWAY_PASSWORD: the app shows them under "
            '"Local server".'
        )
    if status == 404:
        return "SMS_GATEWAY_URL is the address the app shows, e.g. http://192.168.1.20:8080."
    if status == 400:
        return "The phone refused this number."
    if status:
        return f"The phone answered HTTP {status}: look at the app's log on the phone."
    return (
        "Is the phone on, the app started with its local server on, and this server on the "
        "same network? SMS_GATEWAY_URL is the address the app shows, e.g. "
        "http://192.168.1.20:8080."
    )


def _set(name: str) -> str:
    return f"Set {name} in instance/config.py (or ASSEMBLY_{name}), see the README."


def _text(answer: bytes | str) -> str:
    return answer.decode(errors="replace") if isinstance(answer, bytes) else str(answer)


def _fail(say: Say, what: str, hint: str = "") -> bool:
    say(what)
    if hint:
        say(f"Hint: {hint}")
    return False
