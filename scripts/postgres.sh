#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the tests and benchmarks:
#   bash scripts/postgres.sh start   prints the connection URL
#   bash scripts/postgres.sh stop
# Installs Debian's postgresql when it is missing. The cluster lives in a temp folder.
set -euo pipefail
DIR="${FIRSTWIN_PG_DIR:-/tmp/firstwin-pg}"
PORT="${FIRSTWIN_PG_PORT:-54329}"
SUDO=""
[ "$(id -u)" = "0" ] || SUDO="sudo"
find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin="$(find_bin)"
if [ -z "$bin" ]; then
  echo "postgres.sh: installing Debian's postgresql" >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
  bin="$(find_bin)"
fi
# PostgreSQL refuses to run as root: run it as the postgres user the package created.
as_pg=()
if [ "$(id -u)" = "0" ]; then as_pg=(runuser -u postgres --); fi

case "${1:-}" in
  start)
    if [ -f "$DIR/data/postmaster.pid" ]; then "${as_pg[@]}" "$bin/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true; fi
    rm -rf "$DIR"
    mkdir -p "$DIR"
    [ "$(id -u)" = "0" ] && chown postgres "$DIR"
    "${as_pg[@]}" "$bin/initdb" -D "$DIR/data" -U firstwin --auth=trust -E UTF8 >/dev/null
    "${as_pg[@]}" "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=200" start >/dev/null
    echo "postgres://firstwin@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    if [ -d "$DIR/data" ]; then "${as_pg[@]}" "$bin/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null || true; fi
    rm -rf "$DIR"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
