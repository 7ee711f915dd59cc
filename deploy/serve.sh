#!/usr/bin/env bash
# Production topology on one machine:
#
#   nginx  0.0.0.0:$PORT  ──/api/websocket/──▶ Daphne   127.0.0.1:$DAPHNE_PORT   (config.asgi)
#                         └─everything else──▶ Gunicorn 127.0.0.1:$GUNICORN_PORT (config.wsgi)
#   with REDIS_URL: a Celery worker (notifications, photo processing) and Celery beat (the outbox
#   sweep and other periodic tasks); without it tasks run inside the web processes.
#
# Usage: bash deploy/serve.sh   (the Makefile runs it with .venv/bin on PATH)
#
# Environment (all optional):
#   PORT=8000             public port nginx listens on (all interfaces)
#   GUNICORN_PORT=8001    Gunicorn, loopback only
#   DAPHNE_PORT=8002      Daphne, loopback only
#   GUNICORN_WORKERS=2    Gunicorn sync workers (GUNICORN_CMD_ARGS adds any other flag)
#   GUNICORN_TIMEOUT=30   seconds before Gunicorn restarts a stuck worker
#   RUN_DIR=<repo>/.run   rendered nginx.conf, pid file, temp files, logs/access.log
#   STOP_TIMEOUT=10       seconds to wait for a graceful stop before SIGKILL
#   NGINX_USER=nobody     user nginx workers run as when the script runs as root
#   CELERY_CONCURRENCY=2  worker processes of the Celery worker (with REDIS_URL)
# Django itself reads DATABASE_URL, REDIS_URL, DJANGO_SECRET_KEY, ... as usual; migrations and
# collectstatic are not run here. This is a deployment: DJANGO_SETTINGS_MODULE defaults to
# config.settings.production and DJANGO_DEBUG to false, and then Django refuses to start without its
# own DJANGO_SECRET_KEY, JWT_SIGNING_KEY and INTEGRATIONS_ENCRYPTION_KEYS (checked before anything
# starts).
#
# The three processes run in the foreground of this script. Ctrl-C / SIGTERM stops all of
# them, and if any one of them dies the others are stopped and the script exits non-zero.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

PORT="${PORT:-8000}"
GUNICORN_PORT="${GUNICORN_PORT:-8001}"
DAPHNE_PORT="${DAPHNE_PORT:-8002}"
GUNICORN_WORKERS="${GUNICORN_WORKERS:-2}"
GUNICORN_TIMEOUT="${GUNICORN_TIMEOUT:-30}"
RUN_DIR="${RUN_DIR:-$REPO_ROOT/.run}"
STOP_TIMEOUT="${STOP_TIMEOUT:-10}"
TEMPLATE="$REPO_ROOT/deploy/nginx.conf.template"

log() { printf 'serve: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- Checks -------------------------------------------------------------------------------------
for name in PORT GUNICORN_PORT DAPHNE_PORT; do
    value="${!name}"
    [[ "$value" =~ ^[0-9]+$ ]] && ((10#$value >= 1 && 10#$value <= 65535)) \
        || die "$name=$value is not a TCP port number."
done
[[ "$GUNICORN_WORKERS" =~ ^[1-9][0-9]*$ ]] || die "GUNICORN_WORKERS=$GUNICORN_WORKERS is not a positive whole number."
[[ "$GUNICORN_TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "GUNICORN_TIMEOUT=$GUNICORN_TIMEOUT is not a positive whole number."
[[ "$STOP_TIMEOUT" =~ ^[0-9]+$ ]] || die "STOP_TIMEOUT=$STOP_TIMEOUT is not a whole number."
if [[ "$PORT" == "$GUNICORN_PORT" || "$PORT" == "$DAPHNE_PORT" || "$GUNICORN_PORT" == "$DAPHNE_PORT" ]]; then
    die "PORT ($PORT), GUNICORN_PORT ($GUNICORN_PORT) and DAPHNE_PORT ($DAPHNE_PORT) must all differ."
fi
[[ "$RUN_DIR" == /* ]] || RUN_DIR="$REPO_ROOT/$RUN_DIR"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-config.settings.production}"
export DJANGO_DEBUG="${DJANGO_DEBUG:-false}"
[[ -f "$TEMPLATE" ]] || die "missing $TEMPLATE"

# Gunicorn and Daphne come from the virtualenv; add it to PATH if the caller did not.
if ! command -v gunicorn >/dev/null 2>&1 && [[ -x "$REPO_ROOT/.venv/bin/gunicorn" ]]; then
    PATH="$REPO_ROOT/.venv/bin:$PATH"
fi
TOOLS=(gunicorn daphne)
[[ -z "${REDIS_URL:-}" ]] || TOOLS+=(celery)
for tool in "${TOOLS[@]}"; do
    command -v "$tool" >/dev/null 2>&1 \
        || die "'$tool' not found on PATH; create the virtualenv first (pip install -r requirements.txt)."
done

# nginx: the Debian package puts it in /usr/sbin, which an unprivileged PATH often lacks.
find_nginx() {
    local candidate
    candidate="$(command -v nginx 2>/dev/null || true)"
    [[ -n "$candidate" ]] || candidate=/usr/sbin/nginx
    [[ -x "$candidate" ]] && printf '%s\n' "$candidate"
}
NGINX="$(find_nginx || true)"
if [[ -z "$NGINX" ]]; then
    if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        log "nginx is not installed; installing the Debian package (apt-get install -y nginx)..."
        # Keep the package's post-install from starting a system-wide nginx on port 80.
        policy_rc=/usr/sbin/policy-rc.d
        created_policy=0
        if [[ ! -e "$policy_rc" ]]; then
            printf '#!/bin/sh\nexit 101\n' >"$policy_rc" && chmod 755 "$policy_rc" && created_policy=1
        fi
        install_status=0
        DEBIAN_FRONTEND=noninteractive apt-get update -qq \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx \
            || install_status=$?
        ((created_policy)) && rm -f "$policy_rc"
        ((install_status == 0)) || die "apt-get install nginx failed (exit $install_status)."
        NGINX="$(find_nginx || true)"
        [[ -n "$NGINX" ]] || die "nginx was installed but no nginx binary was found."
    else
        die "nginx is not installed. Install it as root (sudo apt-get install -y nginx) or run this script as root so it can install it."
    fi
fi

# The settings' own start-up checks (secret keys, malformed values), with their message only.
settings_error="$(python -c '
import sys
from django.core.exceptions import ImproperlyConfigured
try:
    import django
    django.setup()
except ImproperlyConfigured as error:
    sys.exit(str(error))
' 2>&1)" || die "$settings_error"

if [[ ! -f "$REPO_ROOT/staticfiles/staticfiles.json" ]]; then
    log "warning: staticfiles/ has no manifest; run 'python manage.py collectstatic --noinput' or pages using {% static %} will fail."
fi

# --- Render the nginx config ----------------------------------------------------------------
# Plain sed (envsubst may be missing, and it would also eat nginx's own $variables).
sed_escape() { printf '%s' "$1" | sed -e 's/[\\&|]/\\&/g'; }

mkdir -p "$RUN_DIR/logs" "$RUN_DIR/tmp"
chmod 755 "$RUN_DIR" "$RUN_DIR/tmp"  # nginx workers drop to NGINX_USER (nobody) when started as root
# Error pages nginx answers itself (413: the body is over the limit), where its workers can read them.
rm -rf "$RUN_DIR/errors"
cp -R "$REPO_ROOT/deploy/errors" "$RUN_DIR/errors"
chmod -R a+rX "$RUN_DIR/errors"
NGINX_CONF="$RUN_DIR/nginx.conf"
sed -e "s|@PORT@|$(sed_escape "$PORT")|g" \
    -e "s|@GUNICORN_PORT@|$(sed_escape "$GUNICORN_PORT")|g" \
    -e "s|@DAPHNE_PORT@|$(sed_escape "$DAPHNE_PORT")|g" \
    -e "s|@RUN_DIR@|$(sed_escape "$RUN_DIR")|g" \
    "$TEMPLATE" >"$NGINX_CONF.new"
if grep -n '@[A-Z_]*@' "$NGINX_CONF.new" >&2; then
    die "unreplaced placeholders left in $NGINX_CONF.new (shown above)."
fi
mv -f "$NGINX_CONF.new" "$NGINX_CONF"

NGINX_ARGS=(-p "$RUN_DIR" -c "$NGINX_CONF")
# -e (nginx >= 1.19.5) keeps nginx from touching /var/log/nginx/error.log before it reads the config.
if "$NGINX" -h 2>&1 | grep -q -- '-e filename'; then
    NGINX_ARGS+=(-e stderr)
fi
NGINX_GLOBALS='daemon off;'
if [[ "$(id -u)" -eq 0 ]]; then
    # As root, nginx workers drop to an unprivileged user, which must be able to reach the
    # temp dirs under RUN_DIR (nginx chowns those itself, but not their parents).
    NGINX_USER="${NGINX_USER:-nobody}"
    id -u "$NGINX_USER" >/dev/null 2>&1 || die "NGINX_USER=$NGINX_USER is not a user on this machine."
    if [[ "$NGINX_USER" != root ]] && command -v runuser >/dev/null 2>&1 \
        && ! runuser -u "$NGINX_USER" -- test -x "$RUN_DIR/tmp" 2>/dev/null; then
        log "warning: user '$NGINX_USER' cannot reach $RUN_DIR/tmp (a parent directory is private); nginx workers will run as root. Set RUN_DIR to a world-searchable place to avoid that."
        NGINX_USER=root
    fi
    # Name the group too: nginx would otherwise look for a group called like the user, and
    # Debian's 'nobody' belongs to 'nogroup'.
    NGINX_GLOBALS="daemon off; user $NGINX_USER $(id -gn "$NGINX_USER");"
fi
"$NGINX" "${NGINX_ARGS[@]}" -g "$NGINX_GLOBALS" -t -q || die "nginx rejected $NGINX_CONF (see above)."

# --- Run ----------------------------------------------------------------------------------------
declare -A PIDS=()
STOPPING=0

stop_all() {
    ((STOPPING)) && return 0
    STOPPING=1
    trap '' INT TERM
    local name pid waited alive
    for name in "${!PIDS[@]}"; do
        pid="${PIDS[$name]}"
        kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null || true
    done
    for ((waited = 0; waited < STOP_TIMEOUT * 5; waited++)); do
        alive=0
        for pid in "${PIDS[@]}"; do
            kill -0 "$pid" 2>/dev/null && alive=1
        done
        ((alive)) || break
        sleep 0.2
    done
    for name in "${!PIDS[@]}"; do
        pid="${PIDS[$name]}"
        if kill -0 "$pid" 2>/dev/null; then
            log "$name (pid $pid) did not stop within ${STOP_TIMEOUT}s; killing it."
            kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    wait 2>/dev/null || true
}
trap 'stop_all' EXIT
trap 'log "stopping..."; exit 130' INT
trap 'log "stopping..."; exit 143' TERM

# Gunicorn's control socket (for gunicornc) goes into the run dir rather than ~/.gunicorn, so two
# checkouts do not fight over one socket; a unix socket path must stay under ~100 bytes.
GUNICORN_CONTROL=(--control-socket "$RUN_DIR/gunicorn.ctl")
((${#RUN_DIR} < 90)) || GUNICORN_CONTROL=(--no-control-socket)

log "starting Gunicorn on 127.0.0.1:$GUNICORN_PORT ($GUNICORN_WORKERS sync workers)"
# One nginx in front: the client's address is the last one it adds to X-Forwarded-For.
NUM_PROXIES="${NUM_PROXIES:-1}" gunicorn config.wsgi:application \
    --bind "127.0.0.1:$GUNICORN_PORT" \
    --workers "$GUNICORN_WORKERS" \
    --worker-class sync \
    --timeout "$GUNICORN_TIMEOUT" \
    --graceful-timeout "$STOP_TIMEOUT" \
    --forwarded-allow-ips 127.0.0.1 \
    --access-logfile - \
    "${GUNICORN_CONTROL[@]}" &
PIDS[gunicorn]=$!

log "starting Daphne on 127.0.0.1:$DAPHNE_PORT"
NUM_PROXIES="${NUM_PROXIES:-1}" daphne -b 127.0.0.1 -p "$DAPHNE_PORT" --proxy-headers config.asgi:application &
PIDS[daphne]=$!

if [[ -n "${REDIS_URL:-}" ]]; then
    # Tasks go through Redis: without a worker no photo is processed (the listing never appears)
    # and no notification leaves; without beat the outbox sweep never runs.
    log "starting a Celery worker (concurrency ${CELERY_CONCURRENCY:-2}) and Celery beat"
    celery -A config.celery_app worker --loglevel INFO --concurrency "${CELERY_CONCURRENCY:-2}" \
        --hostname "serve-worker@%h" &
    PIDS[worker]=$!
    celery -A config.celery_app beat --loglevel INFO \
        --schedule "$RUN_DIR/celerybeat-schedule" --pidfile "$RUN_DIR/celerybeat.pid" &
    PIDS[beat]=$!
else
    log "no REDIS_URL: Celery tasks run inside the web processes (no worker or beat needed)"
fi

log "starting nginx on 0.0.0.0:$PORT (config $NGINX_CONF, access log $RUN_DIR/logs/access.log)"
"$NGINX" "${NGINX_ARGS[@]}" -g "$NGINX_GLOBALS" &
PIDS[nginx]=$!

# Announce the URL once nginx accepts connections (or after ~15s regardless).
all_alive() {
    local pid
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null || return 1; done
}
for _ in $(seq 1 75); do
    all_alive || break
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
    sleep 0.2
done
all_alive && log "serving on http://localhost:$PORT/ (WebSockets under ws://localhost:$PORT/api/websocket/); Ctrl-C stops."

# Whichever process exits first ends the whole group.
status=0
wait -n || status=$?
for name in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$name]}" 2>/dev/null; then
        log "$name exited (status $status); stopping the others."
    fi
done
((status != 0)) || status=1
exit "$status"
