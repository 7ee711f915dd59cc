"""Settings modules, read from the environment (see .env.example), one per kind of process.

- `base`: what every environment shares (nearly everything: each value comes from a variable),
  with its parts `accounts`, `api` and `notifications`, and `environment`'s typed readers.
- `local`: development and the embedded default; `manage.py`, `make run` and the ASGI, WSGI and
  Celery entry points use it unless DJANGO_SETTINGS_MODULE names another.
- `production`: a deployment (`make serve`, the Docker image, docker compose); refuses to start
  without its own secret keys.
- `test`: pytest and the servers its tests start.

This package itself stays empty: importing `config.settings.test` imports it first.
"""
