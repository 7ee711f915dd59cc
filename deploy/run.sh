#!/usr/bin/env bash
# `make run`: the demo on one machine. Starts the local iyzico sandbox (payments/iyzico/sandbox.py)
# unless iyzico keys are set, loads the demo data once the sandbox answers (so the demo sellers
# become its sub-merchants), then runs the server command it was given (the Makefile gives Daphne).
#
#   browser ──▶ Daphne 0.0.0.0:$PORT ──iyzipay (IYZWSv2)──▶ sandbox 0.0.0.0:$IYZICO_SANDBOX_PORT
#      └──── the sandbox's payment page ◀── paymentPageUrl ──┘   (webhooks back to /api/webhooks/iyzico)
#
# Usage: bash deploy/run.sh <server command…>
#
# Environment (all optional):
#   PORT=8000                  the site's port (the sandbox's webhooks go there)
#   SITE_URL                   the site as browsers reach it; its host name is also where a phone
#                              finds the sandbox's payment page (SITE_URL=http://192.168.1.20:8000)
#   IYZICO_SANDBOX_PORT=8091   the sandbox's port (all interfaces: a phone on the LAN pays there)
#   IYZICO_SANDBOX_STATE=.run/iyzico-sandbox.json
#                              the sandbox's memory across restarts: the sub-merchant keys saved on
#                              payout profiles stay valid (`make clean` removes it with the database)
#   IYZICO_API_KEY / IYZICO_SECRET_KEY / IYZICO_BASE_URL
#                              set them to use iyzico's own sandbox instead: no local sandbox then
#   PYTHON=.venv/bin/python
#
# Ctrl-C / SIGTERM stops the server and the sandbox; if either dies, the other is stopped too.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

PORT="${PORT:-8000}"
PYTHON="${PYTHON:-$REPO_ROOT/.venv/bin/python}"
SITE_URL="${SITE_URL:-http://localhost:$PORT}"
IYZICO_SANDBOX_PORT="${IYZICO_SANDBOX_PORT:-8091}"
IYZICO_SANDBOX_STATE="${IYZICO_SANDBOX_STATE:-$REPO_ROOT/.run/iyzico-sandbox.json}"
export SITE_URL

if [[ $# -eq 0 ]]; then
  echo "usage: bash deploy/run.sh <server command…>" >&2
  exit 2
fi

pids=()
stop() {
  trap - EXIT INT TERM
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_for_port() {  # port, process id: until something accepts connections there
  local deadline=$((SECONDS + 30))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if ! kill -0 "$2" 2>/dev/null; then
      echo "run.sh: the iyzico sandbox exited before it listened on port $1" >&2
      exit 1
    fi
    if ((SECONDS > deadline)); then
      echo "run.sh: the iyzico sandbox did not listen on port $1 in 30 s" >&2
      exit 1
    fi
    sleep 0.1
  done
}

if [[ -z "${IYZICO_API_KEY:-}" && -z "${IYZICO_SECRET_KEY:-}" ]]; then
  # Demo keys, known only to this local sandbox.
  export IYZICO_API_KEY="sandbox-demo-api-key"
  export IYZICO_SECRET_KEY="sandbox-demo-secret-key"
  export IYZICO_BASE_URL="http://127.0.0.1:$IYZICO_SANDBOX_PORT"
  site_host="${SITE_URL#*://}"
  site_host="${site_host%%/*}"
  site_host="${site_host%:*}"
  sandbox_public_url="http://$site_host:$IYZICO_SANDBOX_PORT"
  # The order page's payment form leaves the site for this page (CSP form-action).
  export IYZICO_PAYMENT_PAGE_ORIGINS="$sandbox_public_url"
  mkdir -p "$(dirname "$IYZICO_SANDBOX_STATE")"
  "$PYTHON" -m payments.iyzico.sandbox --host 0.0.0.0 --port "$IYZICO_SANDBOX_PORT" \
    --api-key "$IYZICO_API_KEY" --secret-key "$IYZICO_SECRET_KEY" \
    --state-file "$IYZICO_SANDBOX_STATE" --public-url "$sandbox_public_url" \
    --webhook-url "http://127.0.0.1:$PORT/api/webhooks/iyzico" &
  pids+=($!)
  wait_for_port "$IYZICO_SANDBOX_PORT" "${pids[0]}"
  echo "iyzico sandbox: API $IYZICO_BASE_URL, payment page $sandbox_public_url, state $IYZICO_SANDBOX_STATE"
fi

"$PYTHON" manage.py seed_demo

"$@" &
pids+=($!)
# Whichever stops first (the server, or the sandbox) ends the run; the EXIT trap stops the rest.
status=0
wait -n "${pids[@]}" || status=$?
exit "$status"
