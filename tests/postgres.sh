#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: tests/postgres.sh CMD ARGS...
# Uses DATABASE_URL when it is already set. Without a PostgreSQL server installed it says so
# and exits 0, except under CI=true, where PostgreSQL is required.
set -euo pipefail
if [ -n "${DATABASE_URL:-}" ]; then exec "$@"; fi
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "${CI:-}" = "true" ]; then echo "PostgreSQL is required under CI (apt-get install postgresql)" >&2; exit 1; fi
  echo "PostgreSQL not installed: skipping the PostgreSQL run (apt-get install postgresql to include it)." >&2
  exit 0
fi
dir=$(mktemp -d /tmp/troubleshooter-pg.XXXXXX)
port=$(( 20000 + RANDOM % 20000 ))
as_pg=()
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; as_pg=(runuser -u postgres --); fi
stop() { "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap stop EXIT
"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $port: running the database tests again." >&2
DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" "$@"
