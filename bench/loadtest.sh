#!/usr/bin/env bash
# The load suite (`make loadtest`): on a fresh Debian machine, installs what is missing,
# starts the production stack on free ports of 127.0.0.1 (a private PostgreSQL, Redis as
# cache and broker, gunicorn with bench.settings, a Celery worker), loads the demo data at
# SCALE, measures every page against the two floors with locust, runs the write rush and
# checks it in the database. Stops everything on exit, also on failure.
#
# Options (environment or make variables):
#   SCALE=1          demo data (1-10; above 1 also 1,000×SCALE initiatives, 5,000×SCALE
#                    fund applications)
#   QUICK=1          a few seconds per page, a 5-second rush: to try it
#   WORKERS=2 THREADS=4   gunicorn gthread workers × threads
#   USERS=8          simulated people at a time while measuring a page
#   SECONDS_PER_BURST, ROUNDS   per page: ROUNDS × (floor Django, page, floor Wagtail);
#                    a page's ratio is the median of its rounds' ratios
#   RUSH_RESIDENTS=50 RUSH_SECONDS=20   the write rush
#   ONLY=text        measure only the pages whose label contains text
#   SERVE_ONLY=1     start the stack with its data, print its address, and wait (Ctrl+C)
#   PROFILE=1        instead of the load: each dynamic page's CPU and wall time in one
#                    process against the stack (bench/stack_profile.py); PROFILE_PAGES=
#                    "label,label" adds a cProfile of those pages
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN="$ROOT/.venv/bin"

SCALE=${SCALE:-1}
WORKERS=${WORKERS:-2}
THREADS=${THREADS:-4}
USERS=${USERS:-8}
RUSH_RESIDENTS=${RUSH_RESIDENTS:-50}
ONLY=${ONLY:-}
if [ "${QUICK:-0}" = 1 ]; then
  SECONDS_PER_BURST=${SECONDS_PER_BURST:-1.5}
  ROUNDS=${ROUNDS:-1}
  RUSH_SECONDS=${RUSH_SECONDS:-5}
else
  SECONDS_PER_BURST=${SECONDS_PER_BURST:-3}
  ROUNDS=${ROUNDS:-3}
  RUSH_SECONDS=${RUSH_SECONDS:-20}
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. What is missing: PostgreSQL and Redis from Debian, Python packages from pyproject.
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== apt-get install ${missing[*]}"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q "${missing[@]}"
fi
make install
"$BIN/python" -c "import locust" 2>/dev/null || "$BIN/pip" install -q ".[bench]"

# 2. Services on free ports, stopped on exit.
free_port() { "$BIN/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n1)")
WORK=$(mktemp -d /tmp/fijnewijk-load.XXXXXX)
LOGS="$WORK/logs"
mkdir -p "$LOGS" "$WORK/pg" "$WORK/media"
PGPORT=$(free_port)
REDISPORT=$(free_port)
WEBPORT=$(free_port)
if [ "$(id -u)" = 0 ]; then
  chown postgres "$WORK/pg" "$LOGS"
  chmod 755 "$WORK"
  pg() { runuser -u postgres -- "$@"; }
else
  pg() { "$@"; }
fi
GUNICORN_PID=""
CELERY_PID=""
MEASURED=0  # 1 once the suite has run: a failure then is a missed goal, reported above
cleanup() {
  status=$?
  [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null
  [ -n "$CELERY_PID" ] && kill "$CELERY_PID" 2>/dev/null && wait "$CELERY_PID" 2>/dev/null
  pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m fast stop >/dev/null 2>&1 || true
  redis-cli -p "$REDISPORT" shutdown nosave >/dev/null 2>&1 || true
  if [ "$status" -ne 0 ] && [ "$MEASURED" = 1 ]; then
    echo "== Logs of the stack: $LOGS" >&2
    rm -rf "$WORK/pg" "$WORK/media"
  elif [ "$status" -ne 0 ]; then
    echo "== The load suite failed (exit $status). Logs of the stack: $LOGS" >&2
    for log in "$LOGS"/*.log; do
      [ -s "$log" ] || continue
      echo "--- $(basename "$log") (last 30 lines)" >&2
      tail -n 30 "$log" >&2
    done
    rm -rf "$WORK/pg" "$WORK/media"
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== PostgreSQL on 127.0.0.1:$PGPORT, Redis on 127.0.0.1:$REDISPORT (logs in $LOGS)"
pg "$PGBIN/initdb" -D "$WORK/pg/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$LOGS/initdb.log"
pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$LOGS/postgres.log" -w \
  -o "-h 127.0.0.1 -p $PGPORT -k $WORK/pg -c max_connections=200" start >/dev/null
pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres fijnewijk
redis-server --bind 127.0.0.1 --port "$REDISPORT" --save '' --appendonly no --daemonize yes \
  --logfile "$LOGS/redis.log" >/dev/null

export DJANGO_SETTINGS_MODULE=bench.settings
export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/fijnewijk"
export REDIS_CACHE_URL="redis://127.0.0.1:$REDISPORT/0"
export CELERY_BROKER_URL="redis://127.0.0.1:$REDISPORT/1"
export MEDIA_ROOT="$WORK/media"
export BENCH_STATIC_ROOT="$ROOT/var/bench-static"
export SITE_BASE_URL="http://127.0.0.1:$WEBPORT"
export DJANGO_SECRET_KEY
DJANGO_SECRET_KEY=$("$BIN/python" -c 'import secrets; print(secrets.token_urlsafe(50))')

# 3. Data: migrate, the demo at SCALE, the floor page and the rush's residents.
echo "== $(date +%T) migrate, load_demo --scale $SCALE, collectstatic"
# collectstatic needs no database: alongside, on the other core.
"$BIN/python" manage.py collectstatic --noinput -v0 >"$LOGS/collectstatic.log" 2>&1 &
COLLECT_PID=$!
"$BIN/python" manage.py migrate --noinput -v0 >"$LOGS/migrate.log" 2>&1
"$BIN/python" manage.py load_demo --scale "$SCALE" -v0 >"$LOGS/load_demo.log" 2>&1
wait "$COLLECT_PID" || { echo "collectstatic failed" >&2; exit 1; }
"$BIN/python" bench/prepare.py --scale "$SCALE" --rush-residents "$RUSH_RESIDENTS" \
  --out "$WORK/pages.json" 2>"$LOGS/prepare.log"
# Statistics and visibility maps for the data just loaded, as a database in use has them:
# otherwise autovacuum does this in the middle of the first measurements.
pg "$PGBIN/vacuumdb" -h 127.0.0.1 -p "$PGPORT" -U postgres --analyze --quiet fijnewijk

# 4. The stack: gunicorn (production settings + bench.settings) and a Celery worker.
echo "== $(date +%T) gunicorn on 127.0.0.1:$WEBPORT ($WORKERS gthread workers × $THREADS threads), Celery worker"
"$BIN/gunicorn" portal.wsgi:application --bind "127.0.0.1:$WEBPORT" \
  --worker-class gthread --workers "$WORKERS" --threads "$THREADS" \
  --error-logfile "$LOGS/gunicorn.log" --log-level warning &
GUNICORN_PID=$!
C_FORCE_ROOT=1 "$BIN/celery" -A portal worker --concurrency 1 --loglevel WARNING >"$LOGS/celery.log" 2>&1 &
CELERY_PID=$!
for _ in $(seq 1 60); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$WEBPORT/healthz" 2>/dev/null; then break; fi
  kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "gunicorn stopped" >&2; exit 1; }
  sleep 0.5
done
curl -fsS -o /dev/null "http://127.0.0.1:$WEBPORT/healthz" || { echo "/healthz not ready" >&2; exit 1; }

if [ "${SERVE_ONLY:-0}" = 1 ]; then
  echo "== The stack runs at http://127.0.0.1:$WEBPORT/ (pages and accounts: $WORK/pages.json)."
  echo "   Stop it with Ctrl+C."
  wait "$GUNICORN_PID"
fi

if [ "${PROFILE:-0}" != 0 ]; then
  # Where the pages' time goes, in this process against the stack (bench/stack_profile.py).
  IFS=',' read -r -a PROFILED <<<"${PROFILE_PAGES:-}"
  PROFILE_ARGS=()
  for label in "${PROFILED[@]}"; do [ -n "$label" ] && PROFILE_ARGS+=(--profile "$label"); done
  "$BIN/python" bench/stack_profile.py --base-url "http://127.0.0.1:$WEBPORT" \
    --pages "$WORK/pages.json" "${PROFILE_ARGS[@]}"
  exit 0
fi

# 5. Measure, rush, check.
echo "== $(date +%T) load (SCALE=$SCALE; $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
status=0
MEASURED=1
"$BIN/python" bench/loadtest.py --base-url "http://127.0.0.1:$WEBPORT" --pages "$WORK/pages.json" \
  --rush-out "$WORK/rush.json" --users "$USERS" --seconds "$SECONDS_PER_BURST" \
  --rounds "$ROUNDS" --rush-seconds "$RUSH_SECONDS" --only "$ONLY" || status=$?
if [ -f "$WORK/rush.json" ]; then
  "$BIN/python" bench/check_rush.py "$WORK/rush.json" || status=1
fi
if grep -q -E "Traceback|Internal Server Error" "$LOGS/gunicorn.log"; then
  echo "== gunicorn logged errors (see $LOGS/gunicorn.log)" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "== $(date +%T) A goal was missed or the rush lost something (see above): exit $status." >&2
else
  echo "== $(date +%T) Every goal met; the rush lost nothing."
fi
exit "$status"
