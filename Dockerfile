# syntax=docker/dockerfile:1
# BanaYeni SanaEski: one image for every role (web, ws, worker, beat, migrate; see
# docker-compose.yml). The default command serves HTTP with Gunicorn on port 8000.
#
#   docker build -t banayeni-sanaeski .
#   docker run --rm -p 8000:8000 -e DJANGO_SECRET_KEY=... -e JWT_SIGNING_KEY=... \
#       -e INTEGRATIONS_ENCRYPTION_KEYS=k1:... -e DATABASE_URL=... banayeni-sanaeski
# The image is a deployment (config.settings.production, DJANGO_DEBUG=false): it refuses to start
# without those three keys.

ARG PYTHON_IMAGE=python:3.11-slim

# --- builder: turn requirements.txt into wheels ---------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1

# A compiler only for the odd package published without a wheel; it stays in this stage.
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip \
    pip wheel --wheel-dir /wheels -r requirements.txt

# --- runtime ------------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    DJANGO_DEBUG=false

WORKDIR /app

# pg_dump and pg_restore for `manage.py backup` and `restore` (Debian 12's client is PostgreSQL 15,
# the compose's database).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# Install from the builder's wheels only (no index), without copying them into a layer.
COPY requirements.txt .
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    pip install --no-index --find-links=/wheels -r requirements.txt

COPY . .

# Translations (.po -> .mo) and static files (WhiteNoise serves them from staticfiles/).
# The keys here are random and live only for this build step; the container needs its own at run
# time.
RUN pybabel compile -d locale -D django \
    && build_key() { python -c 'import secrets; print(secrets.token_urlsafe(50))'; } \
    && DJANGO_SECRET_KEY="$(build_key)" JWT_SIGNING_KEY="$(build_key)" \
       INTEGRATIONS_ENCRYPTION_KEYS="build:$(build_key)" \
       python manage.py collectstatic --noinput

# Unprivileged user. The code stays root-owned (read-only to the app); only media/ is writable,
# and a named volume mounted there inherits that ownership.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --create-home --home-dir /home/app \
       --shell /usr/sbin/nologin app \
    && mkdir -p /app/media \
    && chown app:app /app/media
USER 10001:10001

EXPOSE 8000

# GET /api/health with a Host header Django accepts (the first non-wildcard entry of
# DJANGO_ALLOWED_HOSTS). HEALTHCHECK_PORT lets the Daphne container (port 8001) reuse it;
# worker and beat containers turn it off in docker-compose.yml.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --start-interval=2s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; hosts = [h.strip().lstrip('.') for h in os.environ.get('DJANGO_ALLOWED_HOSTS', '').split(',') if h.strip() and '*' not in h]; r.urlopen(r.Request('http://127.0.0.1:%s/api/health' % os.environ.get('HEALTHCHECK_PORT', '8000'), headers={'Host': hosts[0] if hosts else 'localhost'}), timeout=4)"]

# Extra Gunicorn flags can be passed at run time through GUNICORN_CMD_ARGS.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
