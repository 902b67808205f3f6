#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for the test suite's second run.
#   tests/pg_cluster.sh start DIR PORT   initdb (if needed) and start; prints the URL to use
#   tests/pg_cluster.sh stop DIR
# Runs the server as the "postgres" system user when started as root (postgres refuses root).
set -euo pipefail
action=$1
dir=$2
port=${3:-54329}

bindir=""
for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/initdb" ] && bindir=$candidate
done
if [ -z "$bindir" ]; then
    echo "PostgreSQL server binaries not found (Debian package: postgresql)" >&2
    exit 1
fi

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        su postgres -s /bin/sh -c "$*"
    else
        sh -c "$*"
    fi
}

case "$action" in
    start)
        mkdir -p "$dir"
        [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
        if [ ! -f "$dir/data/PG_VERSION" ]; then
            as_owner "'$bindir/initdb' -D '$dir/data' -U unionoffice --auth=trust -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
        fi
        as_owner "'$bindir/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 \
            -o \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start >/dev/null"
        echo "postgresql://unionoffice@127.0.0.1:$port/postgres"
        ;;
    stop)
        as_owner "'$bindir/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null" || true
        ;;
    *)
        echo "usage: $0 start DIR PORT | stop DIR" >&2
        exit 2
        ;;
esac
