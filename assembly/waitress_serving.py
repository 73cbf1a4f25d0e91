"""waitress as `assembly serve` runs it (imported by that command and the benches only:
a process that gunicorn serves never loads waitress)."""

import logging

from flask import Flask
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer
from waitress.server import create_server as create_waitress_server
from waitress.task import WSGITask


class KeepAliveTask(WSGITask):
    """waitress's task, keeping the connection open after an answer without a body.

    waitress 3.0.2 closes an HTTP/1.1 connection after every answer that has no
    Content-Length, bodiless ones included: each 304 of a phone polling a meeting cost
    a new TCP connection. A 1xx, 204 or 304 answer ends with its headers (RFC 9112,
    6.3), so the connection can serve the next request unless the client asked to
    close it, or something else in waitress already decided to.
    """

    building_header = False

    def build_response_header(self):
        self.building_header = True
        try:
            return super().build_response_header()
        finally:
            self.building_header = False

    def set_close_on_finish(self) -> None:
        asked_to_close = self.request.headers.get("CONNECTION", "").lower() == "close"
        bodiless = self.version == "1.1" and not self.has_body
        if self.building_header and bodiless and not asked_to_close:
            return  # waitress's "no Content-Length, so close" (see the class's docstring)
        super().set_close_on_finish()


class KeepAliveChannel(HTTPChannel):
    task_class = KeepAliveTask


def create_server(app: Flask, **adjustments) -> BaseWSGIServer:
    """waitress's server as `assembly serve` runs it: no Server header (it tells nothing
    a visitor needs, and every 304 of a polling phone would carry it), and
    `KeepAliveTask` on every socket it listens on."""
    listening: dict = {}
    server = create_waitress_server(app, map=listening, **({"ident": ""} | adjustments))
    for each in listening.values():
        if isinstance(each, BaseWSGIServer):
            each.channel_class = KeepAliveChannel
    return server


def serve(app: Flask, **adjustments) -> None:
    """Serve `app` until the process is stopped (`assembly serve`); waitress's errors go
    to the standard error, as `waitress.serve` sends them."""
    logging.basicConfig()
    create_server(app, **adjustments).run()
