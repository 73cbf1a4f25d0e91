"""E-mail over SMTP: a plain-text body, a light HTML twin made from it, a way out in one click.

Settings (config.py): MAIL_SERVER, MAIL_PORT, MAIL_SECURITY ("starttls", "tls" or
"none"), MAIL_USERNAME, MAIL_PASSWORD, MAIL_FROM, MAIL_TIMEOUT.
"""

import re
import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid

from flask import current_app, render_template

from assembly.messages.sms import SendFailed

LINK = re.compile(r"https?://[^\s<>\"]+")


def pieces(line: str) -> list[tuple[str, bool]]:
    """`line` cut into (text, is_link) pieces: the web addresses it holds become links."""
    found, last = [], 0
    for match in LINK.finditer(line):
        url = match.group(0).rstrip(".,;:!?)")
        found += [(line[last : match.start()], False), (url, True)]
        last = match.start() + len(url)
    return [*found, (line[last:], False)]


def html_of(text: str) -> str:
    """The HTML twin of a plain-text body: paragraphs, line breaks and links; the template
    escapes every piece."""
    paragraphs = [
        [pieces(line) for line in part.split("\n")]
        for part in re.split(r"\n\s*\n", text.strip())
        if part.strip()
    ]
    return render_template("messages/email.html", paragraphs=paragraphs)


def build(
    *,
    to: str,
    subject: str,
    body: str,
    language: str,
    sender_name: str = "",
    unsubscribe: str = "",
    date=None,
) -> EmailMessage:
    """The e-mail as it leaves: From the instance's address under the group's name."""
    config = current_app.config
    mail = EmailMessage()
    mail["From"] = (
        formataddr((sender_name, config["MAIL_FROM"])) if sender_name else config["MAIL_FROM"]
    )
    mail["To"] = to
    mail["Subject"] = subject
    mail["Message-ID"] = make_msgid(domain=config["MAIL_FROM"].rpartition("@")[2] or None)
    if date is not None:
        mail["Date"] = format_datetime(date)
    if unsubscribe:
        # RFC 2369 and RFC 8058: mail programs show an "unsubscribe" button that posts here.
        mail["List-Unsubscribe"] = f"<{unsubscribe}>"
        mail["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    mail.set_content(body)
    mail.add_alternative(html_of(body), subtype="html")
    mail["Content-Language"] = language  # after the parts: they take Content-* headers along
    return mail


def open_smtp(say: Callable[[str], None] = lambda line: None) -> smtplib.SMTP:
    """A session with MAIL_SERVER, secured and logged in as configured; `say` hears each
    step (`assembly check-mail` prints them). Use it in a `with` block."""
    config = current_app.config
    security = config["MAIL_SECURITY"]
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if security == "tls":
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
        say(f"Connected to {host}:{port}, over TLS from the start.")
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
        say(f"Connected to {host}:{port}.")
    try:
        if security == "starttls":
            smtp.starttls(context=ssl.create_default_context())
            say("TLS started (STARTTLS); the server's certificate is valid.")
        elif security != "tls":
            say('No TLS (MAIL_SECURITY is "none"): fine for a relay on this machine only.')
        if config["MAIL_USERNAME"]:
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            say(f"Logged in as {config['MAIL_USERNAME']}.")
        else:
            say("No login (MAIL_USERNAME is empty).")
    except BaseException:
        smtp.close()
        raise
    return smtp


def send_mail(mail: EmailMessage) -> None:
    """Hand one e-mail to the SMTP server; SendFailed says whether to try again."""
    try:
        with open_smtp() as smtp:
            smtp.send_message(mail)
    except smtplib.SMTPRecipientsRefused as error:
        codes = [code for code, _ in error.recipients.values()]
        raise SendFailed(
            f"refused: {error.recipients}"[:300], permanent=min(codes) >= 500
        ) from error
    except smtplib.SMTPResponseException as error:
        permanent = error.smtp_code >= 500 and not isinstance(
            error, smtplib.SMTPAuthenticationError
        )
        raise SendFailed(
            f"SMTP {error.smtp_code}: {error.smtp_error!r}"[:300], permanent=permanent
        ) from error
    except (smtplib.SMTPException, OSError) as error:  # no server, no network, TLS trouble
        raise SendFailed(f"SMTP: {error}"[:300]) from error
