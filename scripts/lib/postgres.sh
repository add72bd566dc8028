# Shell functions for a throwaway PostgreSQL server, used by scripts/test.
# Sourced, not run.

# The newest PostgreSQL server binaries from Debian's packages, or nothing.
postgres_bindir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

postgres_install_if_missing() {
    if [ -n "$(postgres_bindir)" ] && [ -x "$(postgres_bindir)/initdb" ]; then
        return
    fi
    echo "== installing PostgreSQL from Debian's packages"
    local sudo=""
    if [ "$(id -u)" != "0" ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
    if [ -z "$(postgres_bindir)" ]; then
        echo "PostgreSQL could not be installed; the tests need it" >&2
        exit 1
    fi
}

# Runs a command as the user that owns the cluster: PostgreSQL refuses to run as root.
_pg_as_owner() {
    if [ "$(id -u)" = "0" ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

_pg_free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$(( 20000 + RANDOM % 20000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
    echo "no free port found" >&2
    exit 1
}

postgres_start_throwaway() {
    local bin
    bin="$(postgres_bindir)"
    FOCUS_TEST_PG_DIR="$(mktemp -d /tmp/focus-pg.XXXXXX)"
    chmod 755 "$FOCUS_TEST_PG_DIR"
    if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$FOCUS_TEST_PG_DIR"; fi
    FOCUS_TEST_PG_PORT="$(_pg_free_port)"
    _pg_as_owner "$bin/initdb" -D "$FOCUS_TEST_PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
    # Durability settings off for tests (this cluster lives for one run); FOCUS_PG_DURABLE=1
    # keeps PostgreSQL's defaults, for measurements whose 2xx must mean "on disk".
    local speed="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    if [ "${FOCUS_PG_DURABLE:-0}" = "1" ]; then speed=""; fi
    _pg_as_owner "$bin/pg_ctl" -D "$FOCUS_TEST_PG_DIR/data" -l "$FOCUS_TEST_PG_DIR/server.log" -w -t 60 start \
        -o "-p $FOCUS_TEST_PG_PORT -k $FOCUS_TEST_PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=600 -c shared_buffers=128MB $speed" >/dev/null
    export FOCUS_TEST_PG_DIR FOCUS_TEST_PG_PORT
    export FOCUS_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:${FOCUS_TEST_PG_PORT}/postgres?sslmode=disable"
}

postgres_stop_throwaway() {
    if [ -n "${FOCUS_TEST_PG_DIR:-}" ] && [ -d "$FOCUS_TEST_PG_DIR" ]; then
        _pg_as_owner "$(postgres_bindir)/pg_ctl" -D "$FOCUS_TEST_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
        rm -rf "$FOCUS_TEST_PG_DIR"
    fi
}
