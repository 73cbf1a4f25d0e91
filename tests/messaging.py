"""Real servers for the messages' tests: an SMTP server (aiosmtpd) and a phone gateway.

The gateway speaks the contract of "SMS Gateway for Android" in local-server mode as its
documentation gives it: `POST /message` (and `/messages`, which the client library
uses) with HTTP Basic authentication and a JSON body `{"phoneNumbers": [...],
"textMessage": {"text": ...}, "withDeliveryReport": true}`; it answers 202 with
`{"id", "state": "Pending", "recipients": [{"phoneNumber", "state"}]}`. Webhooks come
back signed: hex HMAC-SHA256 of the raw body followed by the `X-Timestamp` header's
value, under the signing key, in `X-Signature`.
"""

import base64
import hashlib
import hmac
import json
import socket
import threading
import time
import uuid
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

# What a test app needs to write messages; the fixtures point it at their servers.
MESSAGING = {
    "PUBLIC_URL": "http://localhost",
    "MAIL_SERVER": "127.0.0.1",
    "MAIL_PORT": 9,  # nothing listens: a test that sends starts `smtp_server`
    "MAIL_SECURITY": "none",
    "MAIL_FROM": "assemblee@example.org",
    "MAIL_TIMEOUT": 5,
    "SMS_GATEWAY_URL": "http://127.0.0.1:9",
    "SMS_GATEWAY_LOGIN": "sms",
    "SMS_GATEWAY_PASSWORD": "gateway-password",
    "SMS_GATEWAY_TIMEOUT": 5,
    "SMS_WEBHOOK_KEY": "webhook-signing-key",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpServer:
    """An SMTP server in this process: `received` holds each e-mail as parsed; a recipient
    in `refuse` gets `refuse[address]` (e.g. "550 No such user")."""

    def __init__(self) -> None:
        self.received: list = []
        self.refuse: dict[str, str] = {}
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        mail = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append(mail)
        return "250 Message accepted for delivery"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


class SmsGateway:
    """The phone's local server: records what it was asked to send (`sent`); `fail_with`
    makes the next calls answer that HTTP status instead."""

    def __init__(self, login: str, password: str) -> None:
        self.sent: list[dict] = []
        self.fail_with: int | None = None
        self.expected = "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802
                if self.path.split("?")[0] not in ("/message", "/messages"):
                    return self._answer(404, {"message": "not found"})
                if self.headers.get("Authorization") != gateway.expected:
                    return self._answer(401, {"message": "Unauthorized"})
                if gateway.fail_with:
                    return self._answer(gateway.fail_with, {"message": "failed"})
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if not body.get("phoneNumbers") or not body.get("textMessage", {}).get("text"):
                    return self._answer(400, {"message": "phoneNumbers and text are required"})
                sent = {"id": uuid.uuid4().hex[:21], **body}
                gateway.sent.append(sent)
                recipients = [{"phoneNumber": n, "state": "Pending"} for n in body["phoneNumbers"]]
                self._answer(
                    202,
                    {
                        "id": sent["id"],
                        "state": "Pending",
                        "isHashed": False,
                        "isEncrypted": False,
                        "recipients": recipients,
                    },
                )

            def _answer(self, status: int, payload: dict):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def signed_webhook(payload: dict, key: str = MESSAGING["SMS_WEBHOOK_KEY"], at: int | None = None):
    """(body, headers) of a webhook call as the phone signs it."""
    body = json.dumps(payload).encode()
    timestamp = str(at if at is not None else int(time.time()))
    signature = hmac.new(key.encode(), body + timestamp.encode(), hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": "application/json",
        "X-Timestamp": timestamp,
        "X-Signature": signature,
    }
    return body, headers
