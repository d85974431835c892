import datetime as dt
from unittest import mock

import pytest

from casework.calendar import LONDON
from casework.models import Notification
from casework.selectors import failed_deliveries, unread_notifications
from casework.services.cases import case_assign
from casework.services.outbox import deliver_outbox

pytestmark = pytest.mark.django_db


def at(y, m, d, h=10, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=LONDON)


@pytest.fixture
def note(cast, make_case):
    case = make_case(received_at=at(2026, 11, 23))
    case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=at(2026, 11, 23))
    return Notification.objects.get(recipient=cast.officer)


def test_delivery_sends_each_notification_once(note, mailoutbox):
    assert deliver_outbox(now=at(2026, 11, 23, 10, 1)) == 1
    assert deliver_outbox(now=at(2026, 11, 23, 10, 2)) == 0
    assert len(mailoutbox) == 1
    note.refresh_from_db()
    assert (note.delivery, note.attempts, note.sent_at) == ("sent", 1, at(2026, 11, 23, 10, 1))


def test_nothing_is_sent_at_night_unless_urgent(cast, make_case, mailoutbox):
    case = make_case(received_at=at(2026, 11, 23, 22))
    case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=at(2026, 11, 23, 22))
    queued = Notification.objects.get(recipient=cast.officer)
    assert queued.not_before == at(2026, 11, 24, 9)
    assert deliver_outbox(now=at(2026, 11, 23, 23)) == 0
    assert unread_notifications(user=cast.officer, now=at(2026, 11, 23, 23)).count() == 0
    assert deliver_outbox(now=at(2026, 11, 24, 9)) == 1
    assert unread_notifications(user=cast.officer, now=at(2026, 11, 24, 9)).count() == 1


def test_friday_evening_waits_for_monday_morning(cast, make_case):
    case = make_case(received_at=at(2026, 11, 27, 18))
    case_assign(case=case, assignee=cast.officer, actor=cast.clerk, now=at(2026, 11, 27, 18))
    assert Notification.objects.get(recipient=cast.officer).not_before == at(2026, 11, 30, 9)


def test_failures_retry_with_backoff_then_show_to_the_clerk(cast, note, mailoutbox):
    now = at(2026, 11, 23, 10, 1)
    with mock.patch("casework.services.outbox.send_mail", side_effect=OSError("connection refused")):
        for attempt in range(1, Notification.MAX_ATTEMPTS + 1):
            assert deliver_outbox(now=now) == 1
            note.refresh_from_db()
            assert note.attempts == attempt
            assert note.last_error == "OSError: connection refused"
            # the next try waits 1, 2, 4, 8 minutes...
            assert note.not_before == now + dt.timedelta(minutes=2 ** (attempt - 1))
            now = note.not_before
    assert note.delivery == "failed"
    assert deliver_outbox(now=now + dt.timedelta(days=1)) == 0
    assert list(failed_deliveries(council=cast.council)) == [note]
    assert mailoutbox == []


def test_a_claim_left_by_a_dead_worker_is_taken_again(note, mailoutbox):
    Notification.objects.filter(pk=note.pk).update(delivery="sending", claimed_at=at(2026, 11, 23, 10), attempts=1)
    assert deliver_outbox(now=at(2026, 11, 23, 10, 5)) == 0  # still fresh: maybe another worker is sending
    assert deliver_outbox(now=at(2026, 11, 23, 10, 11)) == 1
    note.refresh_from_db()
    assert (note.delivery, note.attempts) == ("sent", 2)
