#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for the tests and benchmarks, in a folder of
# its own (mktemp) on a free port, so two runs at once never meet:
#   url="$(bash scripts/postgres.sh start)"   starts one and prints its connection URL
#   bash scripts/postgres.sh stop "$url"      stops that one and removes its folder
# Installs Debian's postgresql when it is missing.
set -euo pipefail
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
root="${TMPDIR:-/tmp}"
free_port() {
  node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); })"
}

case "${1:-}" in
  start)
    dir="$(mktemp -d "$root/firstwin-pg-XXXXXX")"
    # Whatever fails from here on leaves no folder behind.
    trap 'rm -rf "$dir"' ERR
    chmod 755 "$dir"
    [ "$(id -u)" = "0" ] && chown postgres "$dir"
    "${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U firstwin --auth=trust -E UTF8 >/dev/null
    # A port free a moment ago may be taken by the time the server binds it: try another.
    for attempt in 1 2 3; do
      port="$(free_port)"
      if "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null; then
        echo "$port" > "$dir/port"
        echo "postgres://firstwin@127.0.0.1:$port/postgres"
        exit 0
      fi
    done
    echo "postgres.sh: the cluster did not start; its log:" >&2
    cat "$dir/server.log" >&2
    rm -rf "$dir"
    exit 1
    ;;
  stop)
    url="${2:?usage: $0 stop URL (the URL start printed)}"
    port="$(printf '%s' "$url" | sed -E 's#^[a-z]+://[^/]*:([0-9]+)/.*#\1#')"
    for dir in "$root"/firstwin-pg-*; do
      [ "$(cat "$dir/port" 2>/dev/null)" = "$port" ] || continue
      if [ -f "$dir/data/postmaster.pid" ]; then "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null || true; fi
      rm -rf "$dir"
    done
    ;;
  *)
    echo "usage: $0 start | stop URL" >&2
    exit 2
    ;;
esac
