"""Development and the embedded default: `manage.py`, `make run` and the ASGI, WSGI and Celery
entry points use this module when DJANGO_SETTINGS_MODULE names no other.

It is base.py as it stands: with nothing set SQLite, in-memory layers, eager Celery and e-mails
and SMS on the console; `make run` serves with DEBUG off (the Turkish error pages), any host name
and the console's SMS in full. DJANGO_DEBUG=false said out loud, though, is a deployment whatever
module was named (the image, docker compose and `make serve` say it): then this is production.py,
which refuses to start without the deployment's own secret keys.
"""

from __future__ import annotations

from config.settings.environment import env, env_bool

if env.str("DJANGO_DEBUG", default="") != "" and not env_bool("DJANGO_DEBUG", False):
    from config.settings.production import *
else:
    from config.settings.base import *
