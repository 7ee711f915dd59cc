"""Providers and the notification outbox: e-mail, SMS (Netgsm, İleti Merkezi, Twilio), WhatsApp,
analytics (GA4), webhooks from providers, unsubscribe links and the staff's Integration Center.

Owns: `Notification` (the outbox row), templates, provider connections (credentials encrypted),
delivery with retries, fallbacks, circuit breakers and KVKK opt-outs, and the Celery tasks that
send them.

May call: the core only. It takes plain data (a user id, a phone number, an event name, a
context dict), never another app's models; what it must ask a feature (e.g. "is this message still
unread?") is registered with it by that feature. Registers with the core: the outbox that sends
the core's phone codes and account e-mails, its KVKK export/erasure.
"""
