"""The core: what every feature stands on, and nothing that belongs to one feature.

Owns: the user (e-mail login, roles, bans, phone verification, KVKK consent), accounts and
sessions (allauth adapter, JWTs), Turkish text folding, the 81 provinces, TRY money, the API
machinery (`api/`: envelope, error handler, parsers, throttling, schema), error codes shared by
every endpoint (`errors.py`), health, the static pages, and the registries features plug into.

May call: Django, DRF, allauth and the other third-party libraries; never a feature app
(`parts`, `interests`, `messaging`, `integrations`, and the apps that come after them) and never
`config`. Import-linter holds this ("The core knows no feature app").

Registration points (features call these from their `AppConfig.ready()`):
- `marketplace.account_hooks`: what a ban, an unban or a password change does to the app's rows;
- `marketplace.privacy_registry`: the app's part of a user's KVKK export and erasure;
- `marketplace.health.register_health_check`: the app's health checks;
- `marketplace.outbox.register_outbox`: who sends the core's texts and e-mails (phone codes,
  allauth's mails);
- `marketplace.errors.error_codes_register`: the app's error codes (in its `error_codes.py`).
"""
