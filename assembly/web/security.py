"""Security headers sent with every response, and the hosts the app answers to."""

import socket
from time import monotonic
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g
from werkzeug.exceptions import BadRequest, SecurityError
from werkzeug.wsgi import get_host

from assembly.web.network import LOOPBACK, lan_addresses

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


def content_security_policy() -> str:
    """The policy; on an entry page, with the hash of the stylesheet it carries inline."""
    inline = g.get("inline_style")
    if inline is None:
        return f"{CONTENT_SECURITY_POLICY}; style-src 'self'"
    from assembly.web.assets import inline_style_source

    return f"{CONTENT_SECURITY_POLICY}; style-src 'self' {inline_style_source(inline)}"


def set_security_headers(response: Response) -> Response:
    """A strict CSP (no inline script or style anywhere), no sniffing, no framing.

    Not on a 304: it has no body to protect, and the browser keeps the headers of the 200
    it already holds (RFC 9111, 4.3.4), these with them. What a 304 must repeat (ETag,
    Cache-Control, Vary, Date) is the view's and the server's; a phone polling a meeting
    every few seconds then gets some 150 bytes instead of 450.
    """
    headers = response.headers
    if current_app.config["HTTPS"]:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if response.status_code == 304:
        return response
    headers.setdefault("Content-Security-Policy", content_security_policy())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response


def default_trusted_hosts(public_host: str | None) -> list[str]:
    """The names the instance answers to when TRUSTED_HOSTS is not set.

    With PUBLIC_URL: its host, and this machine's own loopback (health checks). Without
    it, the app is on a laptop or a room's network: loopback, this machine's addresses
    there (phones), and its names.
    """
    if public_host:
        return [public_host, *LOOPBACK]
    hostname = socket.gethostname()
    return [*LOOPBACK, *lan_addresses(), hostname, f"{hostname}.local", socket.getfqdn()]


class TrustedHosts:
    """The host names to answer: a fixed list, or else this machine's names and addresses,
    looked at again every few seconds (a laptop that turns its hotspot on after starting
    the app gets a new address for phones)."""

    def __init__(self, fixed: list[str] | None = None, seconds: float = 10) -> None:
        self.fixed = fixed
        self.seconds = seconds
        self.found: list[str] = []
        self.looked_at = -seconds

    def __call__(self) -> list[str]:
        if self.fixed is not None:
            return self.fixed
        if monotonic() - self.looked_at >= self.seconds:
            self.found, self.looked_at = default_trusted_hosts(None), monotonic()
        return self.found


class KnownHosts:
    """WSGI middleware: refuse unknown hosts; with PUBLIC_URL, see every request there.

    The check runs before Flask (whose own TRUSTED_HOSTS error would reach the error
    page without a URL adapter), and answers a bare 400: only a stranger gets it. Then,
    with PUBLIC_URL, the absolute URLs the pages print (QR codes, the join address,
    calendar, reset and invite links) come from the setting, never from a header.
    """

    def __init__(self, wsgi_app, trusted_hosts: TrustedHosts, public_url: str) -> None:
        self.wsgi_app = wsgi_app
        self.trusted_hosts = trusted_hosts
        self.public = urlsplit(public_url) if public_url else None

    def __call__(self, environ, start_response):
        try:
            get_host(environ, trusted_hosts=self.trusted_hosts())
        except SecurityError:
            return BadRequest("Unknown host.")(environ, start_response)
        if self.public:
            environ["HTTP_HOST"] = self.public.netloc
            environ["wsgi.url_scheme"] = self.public.scheme
        return self.wsgi_app(environ, start_response)


def check_public_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise SystemExit(
            f"PUBLIC_URL must look like https://assemblee.example.org (no path), not {url!r}."
        )


def init_hosts(app: Flask) -> None:
    """Answer only known hosts (TRUSTED_HOSTS); with PUBLIC_URL, build URLs from it."""
    public_url = app.config["PUBLIC_URL"]
    fixed = app.config["TRUSTED_HOSTS"]
    if public_url:
        check_public_url(public_url)
        if fixed is None:
            fixed = default_trusted_hosts(urlsplit(public_url).hostname)
    app.wsgi_app = KnownHosts(app.wsgi_app, TrustedHosts(fixed), public_url)


def init_security(app: Flask) -> None:
    """Known hosts only; secure cookies when served over HTTPS; headers on every response."""
    init_hosts(app)  # inside ProxyFix: it checks the host the visitor asked for
    if app.config["HTTPS"]:
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True)
    app.config.update(REMEMBER_COOKIE_HTTPONLY=True, REMEMBER_COOKIE_SAMESITE="Lax")
    if app.config["PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = int(app.config["PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    app.after_request(set_security_headers)
