"""`assembly serve`'s waitress keeps a connection open after an answer without a body."""

import http.client
import threading

import pytest

from assembly.waitress_serving import create_server


@pytest.fixture
def served(app):
    """The app served by waitress as `assembly serve` makes it, on a free loopback port."""
    server = create_server(app, host="127.0.0.1", port=0, threads=2)
    stopping = threading.Event()

    def loop():
        while not stopping.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield server.effective_port
    stopping.set()
    thread.join(timeout=5)
    server.task_dispatcher.shutdown()
    for channel in list(server._map.values()):  # the server and the connections it kept
        channel.close()


def get(conn: http.client.HTTPConnection, path: str, **headers) -> http.client.HTTPResponse:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    return response


def test_a_304_keeps_the_connection_for_the_next_request(served):
    conn = http.client.HTTPConnection("127.0.0.1", served, timeout=10)
    etag = get(conn, "/static/style.css").getheader("ETag")
    sock = conn.sock
    unchanged = get(conn, "/static/style.css", **{"If-None-Match": etag})
    assert unchanged.status == 304
    assert unchanged.getheader("Connection") is None and not unchanged.will_close
    assert conn.sock is sock  # http.client drops a socket the server said it closes
    assert get(conn, "/static/style.css").status == 200
    assert conn.sock is sock  # answered on the same connection
    conn.close()


def test_a_client_that_asks_to_close_gets_its_304_closed(served):
    conn = http.client.HTTPConnection("127.0.0.1", served, timeout=10)
    etag = get(conn, "/static/style.css").getheader("ETag")
    unchanged = get(conn, "/static/style.css", **{"If-None-Match": etag, "Connection": "close"})
    assert unchanged.status == 304
    assert unchanged.getheader("Connection") == "close" and unchanged.will_close
    conn.close()


def test_no_server_header(served):
    conn = http.client.HTTPConnection("127.0.0.1", served, timeout=10)
    assert get(conn, "/static/style.css").getheader("Server") is None
    conn.close()
