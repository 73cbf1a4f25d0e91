"""`assembly send` is background work: the pages get the processor first, and SQLite's
write lock is held for as little as can be."""

import os
from datetime import datetime

import pytest
from sqlalchemy import event

from assembly.extensions import db
from assembly.messages import sender
from assembly.messages.models import MessageKind, MessageStatus
from assembly.messages.outbox import notify
from assembly.messages.sender import send_pass
from assembly.people.models import ConsentPurpose, ConsentSource, Person
from assembly.people.operations import give_consent

MORNING = datetime(2026, 12, 1, 9, 0)


def test_the_send_command_runs_at_a_lower_priority_than_the_pages(app, monkeypatch):
    asked = []
    monkeypatch.setattr(os, "nice", asked.append)
    app.config["SENDER_NICENESS"] = 10
    result = app.test_cli_runner().invoke(args=["send"])
    assert result.exit_code == 0, result.output
    assert asked == [10]


def test_a_host_may_keep_the_sender_at_the_pages_priority(app, monkeypatch):
    asked = []
    monkeypatch.setattr(os, "nice", asked.append)
    app.config["SENDER_NICENESS"] = 0
    assert app.test_cli_runner().invoke(args=["send"]).exit_code == 0
    assert asked == []


@pytest.fixture
def reminders(app, group, clock):
    """Three e-mail reminders queued for three people who agreed to them."""
    clock.freeze(MORNING)
    with app.app_context():
        for n in range(3):
            person = Person(group_id=group.id, name=f"Voisine {n}", email=f"v{n}@example.org")
            db.session.add(person)
            db.session.flush()
            give_consent(person, ConsentPurpose.EMAIL_REMINDERS, "Rappels", ConsentSource.WEB)
            notify(
                person,
                kind=MessageKind.TASK_DUE,
                purpose=ConsentPurpose.EMAIL_REMINDERS,
                template="messages/call_to_action.txt",
                dedup=f"test:task:{n}",
                subject="Rappel",
                text="Les affiches sont pour jeudi.",
            )
        db.session.commit()


def test_no_transaction_is_open_while_an_email_is_built_or_sent(
    app, reminders, smtp_server, monkeypatch
):
    """On SQLite a transaction of the sender holds the write lock: pages that write wait."""
    open_meanwhile = []

    def watching(function):
        def watched(*args, **kwargs):
            open_meanwhile.append(db.session().in_transaction())
            return function(*args, **kwargs)

        return watched

    monkeypatch.setattr(sender, "build", watching(sender.build))
    monkeypatch.setattr(sender, "send_mail", watching(sender.send_mail))
    with app.app_context():
        assert send_pass()[MessageStatus.SENT] == 3
    assert open_meanwhile == [False] * 6
    assert len(smtp_server.received) == 3


def test_each_message_costs_one_short_transaction(app, reminders, smtp_server, monkeypatch):
    """One to claim a batch and read it, then one statement per message sent (the timed
    producers, which write what time made due, have their own transactions: left out)."""
    monkeypatch.setattr("assembly.messages.sender.TIMED", [])
    begun = []

    def count(connection):
        begun.append(connection)

    with app.app_context():
        engine = db.engine
        event.listen(engine, "begin", count)
        try:
            assert send_pass()[MessageStatus.SENT] == 3
        finally:
            event.remove(engine, "begin", count)
    assert len(begun) == 1 + 3 + 1  # the claim, a settle per message, the empty claim
