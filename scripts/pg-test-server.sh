#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests, on loopback, in a temp dir.
#
#   scripts/pg-test-server.sh CMD [ARGS...]
#
# installs Debian's postgresql if it is missing, starts a fresh cluster on 127.0.0.1 on a free
# port, runs CMD with COMMUNIQUE_TEST_PG set to its URL, then stops the server and removes the
# cluster whatever CMD did (trap), and exits with CMD's status.  Without a CMD it just checks that
# a server can be started and stopped.  If no server can be had, CMD still runs without
# COMMUNIQUE_TEST_PG (the PostgreSQL tests then skip and say why) - except under CI=true, where
# that is an error: CI must test both backends.
set -uo pipefail

log() { echo "pg-test-server: $*" >&2; }

fail_or_degrade() {
    log "$1"
    if [[ "${CI:-}" == "true" ]]; then
        log "CI=true: refusing to run the tests without PostgreSQL"
        exit 1
    fi
    log "running without PostgreSQL: its store tests will skip"
    if [[ $# -gt 0 && ${#CMD[@]} -gt 0 ]]; then exec "${CMD[@]}"; fi
    exit 0
}

CMD=("$@")

pg_bindir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [[ -n "$d" && -x "$d/initdb" ]] && echo "$d"
}

ensure_installed() {
    pg_bindir >/dev/null && return 0
    if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
        return 1
    fi
    log "installing Debian's postgresql"
    # Noninteractive and without starting the distribution's own cluster service.
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null \
        && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
        || return 1
    pg_bindir >/dev/null
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

ensure_installed || fail_or_degrade "PostgreSQL is not installed and could not be installed" "${CMD[@]}"
BIN=$(pg_bindir)
id postgres >/dev/null 2>&1 || fail_or_degrade "no postgres user to run the server as" "${CMD[@]}"

DIR=$(mktemp -d /tmp/communique-pg.XXXXXX)
chown postgres "$DIR"
chmod 700 "$DIR"
PORT=$(free_port)
as_pg() { runuser -u postgres -- "$@"; }

stop_server() {
    # -m immediate: a test server needs no clean checkpoint; remove everything after.
    as_pg "$BIN/pg_ctl" -D "$DIR/data" stop -m immediate >/dev/null 2>&1 || true
    rm -rf "$DIR"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

as_pg "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; fail_or_degrade "initdb failed" "${CMD[@]}"; }
# The server's output goes to a log file, never to our stdout: a daemon holding the pipe open
# would keep CI waiting.
as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -c unix_socket_directories=$DIR -c fsync=off" \
    start >/dev/null \
    || { cat "$DIR/server.log" >&2; fail_or_degrade "the server did not start" "${CMD[@]}"; }
as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres communique_test \
    || fail_or_degrade "createdb failed" "${CMD[@]}"

export COMMUNIQUE_TEST_PG="postgresql+psycopg://postgres@127.0.0.1:$PORT/communique_test"
echo "COMMUNIQUE_TEST_PG=$COMMUNIQUE_TEST_PG"

if [[ ${#CMD[@]} -eq 0 ]]; then
    exit 0
fi
"${CMD[@]}"
