"""Two senders at once (two servers, or cron and a `--loop` service) never send a message twice.

Runs on the engine the run uses: SQLite here, where a claim is one write transaction
(BEGIN IMMEDIATE), and PostgreSQL under scripts/with-postgres, where claims skip the
rows another sender holds (FOR UPDATE SKIP LOCKED).
"""

import threading
from collections import Counter
from datetime import datetime, timedelta

from assembly.extensions import db
from assembly.messages.models import Message, MessageChannel, MessageKind, MessageStatus
from assembly.messages.sender import send_pass

MORNING = datetime(2026, 12, 1, 9, 0)  # 10:00 in Paris: no quiet hours
COUNT = 200


def queue(app, count: int) -> None:
    with app.app_context():
        db.session.add_all(
            Message(
                kind=MessageKind.CALL_TO_ACTION,
                channel=MessageChannel.SMS,
                address=f"+336{n:08d}",
                language="fr",
                body=f"Message {n}",
                dedup_key=f"race:{n}",
                status=MessageStatus.QUEUED,
                send_after=MORNING - timedelta(minutes=1),
                send_before=MORNING + timedelta(days=1),
                segments=1,
            )
            for n in range(count)
        )
        db.session.commit()


def test_two_senders_send_each_message_once(app, clock, sms_gateway):
    clock.freeze(MORNING)
    queue(app, COUNT)
    start = threading.Barrier(2)
    passes: list[Counter] = []
    failures: list[BaseException] = []

    def sender() -> None:
        with app.app_context():
            start.wait()
            try:
                passes.append(send_pass())
            except BaseException as error:  # noqa: BLE001 (reported in the test's thread)
                failures.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    received = Counter(sms["phoneNumbers"][0] for sms in sms_gateway.sent)
    assert len(received) == COUNT and set(received.values()) == {1}
    assert sum(done[MessageStatus.SENT] for done in passes) == COUNT
    assert all(done[MessageStatus.SENT] for done in passes), passes  # both took a share
    with app.app_context():
        rows = db.session.execute(db.select(Message.status, Message.gateway_id)).all()
    assert {status for status, _ in rows} == {MessageStatus.SENT}
    assert {gateway_id for _, gateway_id in rows} == {sms["id"] for sms in sms_gateway.sent}
