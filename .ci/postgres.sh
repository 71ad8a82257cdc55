#!/usr/bin/env bash
# Start a local PostgreSQL for the store tests (tests/test_store*.py, marker `postgres`).
#
# Run as root on Debian 12. Installs Debian's postgresql if missing, starts a cluster on
# 127.0.0.1, creates a login role and a database it owns (tests make one schema each in
# it), and prints the environment for pytest:
#
#   bash .ci/postgres.sh /tmp/pg.env && . /tmp/pg.env     # or: eval "$(bash .ci/postgres.sh)"
#
# Idempotent: a second run finds everything in place, starts the cluster if it is down and
# resets the role's password. Progress goes to stderr; only the export lines go to stdout
# (or to the file named by $1). Override with PEERMATCH_PG_USER, PEERMATCH_PG_PASSWORD,
# PEERMATCH_PG_DB, PEERMATCH_PG_PORT (for a new cluster only).
set -euo pipefail

PG_USER=${PEERMATCH_PG_USER:-peermatch}
PG_PASSWORD=${PEERMATCH_PG_PASSWORD:-peermatch}
PG_DB=${PEERMATCH_PG_DB:-peermatch_test}
PG_PORT=${PEERMATCH_PG_PORT:-5432}
CLUSTER=main
OUT=${1:-}

log() { echo "postgres.sh: $*" >&2; }
as_postgres() { (cd / && runuser -u postgres -- "$@"); }
psql_admin() { as_postgres psql --no-psqlrc -v ON_ERROR_STOP=1 -p "$PORT" -qtA "$@"; }

if [ "$(id -u)" != 0 ]; then
    log "must run as root (it installs packages and starts the server as 'postgres')"
    exit 1
fi

if ! command -v pg_lsclusters >/dev/null || ! compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null; then
    log "installing Debian's postgresql"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
fi

VERSION=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {f=1} END {exit !f}'; then
    log "creating cluster $VERSION/$CLUSTER on port $PG_PORT"
    pg_createcluster "$VERSION" "$CLUSTER" --port "$PG_PORT" >&2
fi
PORT=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {print $3}')
STATUS=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c {print $4}')

if [ "$STATUS" != online ]; then
    log "starting cluster $VERSION/$CLUSTER (port $PORT, listening on 127.0.0.1)"
    # The cluster's own config says listen_addresses='localhost'; pin it to IPv4 loopback.
    pg_ctlcluster -o "-c listen_addresses=127.0.0.1" "$VERSION" "$CLUSTER" start >&2
fi
for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p "$PORT" && break
    sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$PORT" >&2 || { log "server did not come up on 127.0.0.1:$PORT"; exit 1; }

# Role and database: create when absent, otherwise just reset the password.
ROLE_SQL="CREATE ROLE \"$PG_USER\" LOGIN"
if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" = 1 ]; then
    ROLE_SQL="ALTER ROLE \"$PG_USER\" LOGIN"
fi
psql_admin -c "$ROLE_SQL PASSWORD '$PG_PASSWORD'" >&2
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
    log "creating database $PG_DB owned by $PG_USER"
    as_postgres createdb -p "$PORT" -O "$PG_USER" -E UTF8 "$PG_DB"
fi

URL="postgresql+psycopg://$PG_USER:$PG_PASSWORD@127.0.0.1:$PORT/$PG_DB"
# Prove the URL's credentials work over TCP before handing it out.
PGPASSWORD=$PG_PASSWORD psql --no-psqlrc -h 127.0.0.1 -p "$PORT" -U "$PG_USER" -d "$PG_DB" \
    -qtA -c "SELECT 1" >/dev/null
log "ready: $PG_DB on 127.0.0.1:$PORT as $PG_USER"

EXPORTS="export PEERMATCH_TEST_POSTGRES_URL=$URL"
if [ -n "$OUT" ]; then
    echo "$EXPORTS" >"$OUT"
    log "wrote $OUT"
else
    echo "$EXPORTS"
fi
