"""`python -m bench.notifications`: notifications delivered per second by one Celery worker.

N notifications (default 2,000) for users with a verified phone are written to the outbox; their
delivery tasks are queued at once and one worker process (`--concurrency 2`, the machine's cores)
sends each through the real Twilio adapter to a local fake Twilio (the one the tests use), which
answers like Twilio. Reported: notifications/s from the first task to the last SENT row, and the
provider's p50/p95 latency as recorded on the attempts.

Needs REDIS_URL (the broker) and a migrated database (DATABASE_URL; PostgreSQL for meaningful
figures). Exit 2 when the setup is missing.

    BENCH_NOTIFICATIONS=2000 .venv/bin/python -m bench.notifications
"""

from __future__ import annotations

import os
import statistics
import threading
import time
import uuid
from http.server import ThreadingHTTPServer

from bench.runner import REPO_ROOT, RESULTS_DIR, project_environment
from bench.servers import celery_worker_serving

TIMEOUT_SECONDS = 300.0
BENCH_EMAIL_DOMAIN = "bench-notifications.invalid"


def _count() -> int:
    raw = os.environ.get("BENCH_NOTIFICATIONS", "2000").replace("_", "")
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        raise SystemExit("bench.notifications: BENCH_NOTIFICATIONS must be 1 to 100,000.")
    return int(raw)


def main() -> int:
    if not os.environ.get("REDIS_URL"):
        print("bench.notifications: needs REDIS_URL (the Celery broker); skipped.")
        return 2
    os.environ.update(project_environment())
    os.environ["NOTIFICATION_QUIET_HOURS"] = "0-0"
    import django

    django.setup()
    from django.utils import timezone

    from integrations.models import Notification, NotificationAttempt, NotificationStatus
    from integrations.tasks import notification_deliver
    from integrations.tests import fake_twilio
    from marketplace.models import User

    count = _count()
    state = fake_twilio.FakeTwilio()
    server = ThreadingHTTPServer(("127.0.0.1", 0), fake_twilio._handler(state))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"

    run = uuid.uuid4().hex[:8]
    users = [
        User(
            email=f"n{index}-{run}@{BENCH_EMAIL_DOMAIN}",
            phone=f"+90555{run_digits(run)}{index:05d}",
            phone_verified_at=timezone.now(),
            notify_sms=True,
            notify_email=False,
        )
        for index in range(50)
    ]
    User.objects.bulk_create(users)
    notifications = Notification.objects.bulk_create(
        Notification(
            user=users[index % len(users)],
            event="interest_received",
            dedupe_key=f"bench:{run}:{index}",
            context={"seller_name": "Ahmet", "part_name": "Alternatör", "buyer_name": "Ayşe"},
        )
        for index in range(count)
    )
    ids = [str(notification.pk) for notification in notifications]

    environment = dict(os.environ)
    environment.update(
        SMS_BACKEND="integrations.sms.backends.twilio.TwilioSmsBackend",
        TWILIO_ACCOUNT_SID=fake_twilio.ACCOUNT_SID,
        TWILIO_AUTH_TOKEN=fake_twilio.AUTH_TOKEN,
        TWILIO_FROM_NUMBER=fake_twilio.FROM_NUMBER,
        TWILIO_API_BASE_URL=state.url,
    )
    RESULTS_DIR.mkdir(exist_ok=True)
    try:
        with celery_worker_serving(
            name="notifications-worker", environment=environment, cwd=REPO_ROOT, log_dir=RESULTS_DIR
        ) as worker:
            started = time.monotonic()
            for notification_id in ids:
                notification_deliver.delay(notification_id)
            pending = Notification.objects.filter(pk__in=ids).exclude(
                status=NotificationStatus.SENT
            )
            deadline = time.monotonic() + TIMEOUT_SECONDS
            while pending.exists():
                if time.monotonic() > deadline or worker.poll() is not None:
                    print("bench.notifications: FAIL, not every notification was sent in time.")
                    return 1
                time.sleep(0.2)
            elapsed = time.monotonic() - started
    except RuntimeError as error:
        print(f"bench.notifications: {error}")
        return 2
    finally:
        server.shutdown()
    latencies = sorted(
        NotificationAttempt.objects.filter(notification_id__in=ids).values_list(
            "latency_ms", flat=True
        )
    )
    sent = len(state.messages)
    Notification.objects.filter(pk__in=ids).delete()
    User.objects.filter(email__endswith=f"-{run}@{BENCH_EMAIL_DOMAIN}").delete()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)] if latencies else 0
    print(
        f"notifications: {count} delivered by one worker (2 processes) in {elapsed:.1f} s = "
        f"{count / elapsed:.0f}/s; provider calls {sent} (duplicates: {sent - count}); "
        f"provider latency p50 {statistics.median(latencies):.0f} ms, p95 {p95} ms"
    )
    return 0 if sent == count else 1


def run_digits(run: str) -> str:
    """Two digits from the run id, so repeated runs use other phone numbers."""
    return f"{int(run, 16) % 100:02d}"


if __name__ == "__main__":
    raise SystemExit(main())
