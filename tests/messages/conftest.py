"""Messages' tests run on an app that can write SMS and e-mail (tests/messaging.py)."""

import pytest

from tests.messaging import MESSAGING


@pytest.fixture
def app(app_factory):
    return app_factory(**MESSAGING)
