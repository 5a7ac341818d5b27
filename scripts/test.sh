#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine: installs what is missing, starts a
# private PostgreSQL and Redis on 127.0.0.1, runs lint, checks and the tests on SQLite and
# on PostgreSQL, and stops the services again, also when something fails.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN="$ROOT/.venv/bin"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. System packages (Debian): PostgreSQL, Redis, Chromium, gettext.
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v msgfmt >/dev/null || missing+=(gettext)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q "${missing[@]}"
fi

# 2. Python packages and assets.
make install

# 3. Services on free ports, stopped on exit (PostgreSQL, Redis, and localstripe: a
# Stripe-compatible test server for the co-funding tests, on 127.0.0.1 only).
free_port() { "$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")
PGDIR=$(mktemp -d /tmp/fijnewijk-pg.XXXXXX)
PGPORT=$(free_port)
REDISPORT=$(free_port)
STRIPEPORT=$(free_port)
STRIPE_PID=""
if [ "$(id -u)" = 0 ]; then
  chown postgres "$PGDIR"
  pg() { runuser -u postgres -- "$@"; }
else
  pg() { "$@"; }
fi
cleanup() {
  pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1 || true
  redis-cli -p "$REDISPORT" shutdown nosave >/dev/null 2>&1 || true
  if [ -n "$STRIPE_PID" ]; then kill "$STRIPE_PID" 2>/dev/null || true; fi
  rm -rf "$PGDIR"
}
trap cleanup EXIT

echo "== PostgreSQL on 127.0.0.1:$PGPORT, Redis on 127.0.0.1:$REDISPORT"
pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/log" -w \
  -o "-h 127.0.0.1 -p $PGPORT -k $PGDIR -c fsync=off -c full_page_writes=off -c synchronous_commit=off" start >/dev/null
redis-server --bind 127.0.0.1 --port "$REDISPORT" --save '' --appendonly no --daemonize yes >/dev/null
PG_URL="postgres://postgres@127.0.0.1:$PGPORT/fijnewijk"
REDIS_URL="redis://127.0.0.1:$REDISPORT/0"
echo "== localstripe on 127.0.0.1:$STRIPEPORT"
"$BIN/python" scripts/localstripe_server.py "$STRIPEPORT" >"$PGDIR/localstripe.log" 2>&1 &
STRIPE_PID=$!
for _ in $(seq 50); do
  "$BIN/python" -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1)" "$STRIPEPORT" 2>/dev/null && break
  sleep 0.2
done
# Test keys only: localstripe accepts any key; the webhook secret signs the tests' events.
export STRIPE_API_BASE="http://127.0.0.1:$STRIPEPORT"
export STRIPE_SECRET_KEY="sk_test_fijnewijk" STRIPE_PUBLISHABLE_KEY="pk_test_fijnewijk"
export STRIPE_WEBHOOK_SECRET="whsec_fijnewijk_test"
export STRIPE_REQUIRED=1  # the co-funding tests fail here instead of skipping

# 4. Lint and checks.
echo "== ruff"
"$BIN/ruff" check .
echo "== migrations complete"
DJANGO_SETTINGS_MODULE=portal.settings.test DATABASE_URL="sqlite://:memory:" "$BIN/python" manage.py makemigrations --check --dry-run
echo "== translations complete"
"$BIN/python" scripts/check_translations.py
echo "== check --deploy (production settings)"
DJANGO_SETTINGS_MODULE=portal.settings.production DJANGO_SECRET_KEY="$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  DJANGO_ALLOWED_HOSTS=fijnewijk.example DATABASE_URL="$PG_URL" REDIS_CACHE_URL="$REDIS_URL" \
  "$BIN/python" manage.py check --deploy --fail-level WARNING

# 5. The suite: on SQLite (with the browser tests) and on PostgreSQL with Celery on Redis,
# side by side: each run is one process, so together they use both cores of a 2-core
# machine (about 15 minutes instead of 28). Each run's lines carry its name; the exit code
# is the worse of the two.
export DJANGO_ALLOW_ASYNC_UNSAFE=true
echo "== pytest on SQLite and on PostgreSQL (Celery on Redis), side by side"
run_labelled() {
  local label=$1; shift
  set +e
  "$@" 2>&1 | sed -u "s/^/[$label] /"
  local rc=${PIPESTATUS[0]}
  set -e
  return "$rc"
}
run_labelled sqlite "$BIN/pytest" -q --durations=10 "$@" &
sqlite_job=$!
DATABASE_URL="$PG_URL" CELERY_BROKER_URL="$REDIS_URL" REDIS_URL="$REDIS_URL" \
  run_labelled postgres "$BIN/pytest" -q --durations=10 -m "not browser" "$@" &
postgres_job=$!
sqlite_rc=0; postgres_rc=0
wait "$sqlite_job" || sqlite_rc=$?
wait "$postgres_job" || postgres_rc=$?
echo "== pytest exit codes: SQLite $sqlite_rc, PostgreSQL $postgres_rc"
[ "$sqlite_rc" = 0 ] && [ "$postgres_rc" = 0 ]
