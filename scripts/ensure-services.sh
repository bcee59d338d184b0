#!/usr/bin/env bash
# What `make test` needs on this machine, set up when it is missing: used by `make test` / `make test-fast` and by
# .ci/run, so that the second command sets itself up as the first one does.
#
#   - the Debian packages the suite uses (Chromium for the browser tests, poppler-utils to read PDFs, Pango for
#     WeasyPrint, gettext for the catalogs), installed with apt-get when missing;
#   - the local PostgreSQL and Redis, started when they are installed but not answering;
#   - the npm packages of the browser tests (axe-core, package-lock.json), installed into node_modules/ with npm ci.
#
# As root it does all of it. As another user it does what it can (npm) and, when something needs root, prints ONE
# line saying what to run and exits 1. Run it as often as you like: with everything in place it changes nothing and
# takes well under a second.
#
# Options: --no-browser leaves out Chromium and the npm packages (`make test-fast` runs no browser test).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
SCRIPT="scripts/ensure-services.sh"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}  # where tests/e2e/browser.py looks for it

BROWSER=1
[[ "${1:-}" == "--no-browser" ]] && BROWSER=0

PACKAGES=(poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core gettext)
((BROWSER)) && PACKAGES=(chromium "${PACKAGES[@]}")

say() { echo "ensure-services: $*"; }

# The database the tests use: only a local PostgreSQL is started here.
DB_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kwaliteitsaanpak}
LOCAL_DB=0
[[ "$DB_URL" =~ ^postgres(ql)?://([^@/]*@)?(127\.0\.0\.1|localhost)(:5432)?/ ]] && LOCAL_DB=1
BROKER=${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0}
LOCAL_REDIS=0
[[ "$BROKER" =~ ^redis://(127\.0\.0\.1|localhost)(:6379)?(/|$) ]] && LOCAL_REDIS=1

postgres_up() { pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

wait_for() {  # wait_for <what> <command...>: retry for ~30 s
    local what=$1; shift
    for _ in $(seq 1 30); do
        if "$@"; then return 0; fi
        sleep 1
    done
    echo "ensure-services: ERROR: $what is still not up after 30 s" >&2
    exit 1
}

# What needs root, found first, so that a user who is not root gets one line for all of it.
MISSING=()
for package in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || MISSING+=("$package")
done
# pg_dump and pg_restore for `make backup` / `make restore` and their test (Debian's client matches its server).
command -v pg_dump >/dev/null 2>&1 || MISSING+=(postgresql-client)
NEEDS_POSTGRES=0
((LOCAL_DB)) && ! postgres_up && NEEDS_POSTGRES=1
NEEDS_REDIS=0
((LOCAL_REDIS)) && ! redis_up && NEEDS_REDIS=1
NEEDS_NPM=0
((BROWSER)) && ! command -v npm >/dev/null 2>&1 && NEEDS_NPM=1

if ((${#MISSING[@]} || NEEDS_POSTGRES || NEEDS_REDIS || NEEDS_NPM)) && [[ "$(id -u)" != 0 ]]; then
    what=()
    ((${#MISSING[@]})) && what+=("packages ${MISSING[*]}")
    ((NEEDS_NPM)) && what+=("npm")
    ((NEEDS_POSTGRES)) && what+=("PostgreSQL is not running")
    ((NEEDS_REDIS)) && what+=("Redis is not running")
    joined=$(IFS=";" && echo "${what[*]}")
    echo "make test needs root for its set-up (${joined//;/; }): run \`sudo $SCRIPT\`, then \`make test\` again." >&2
    exit 1
fi

if ((${#MISSING[@]} || NEEDS_NPM)); then
    ((NEEDS_NPM)) && MISSING+=(npm)
    say "installing ${MISSING[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${MISSING[@]}" >/dev/null
fi

if ((NEEDS_POSTGRES)); then
    if ! command -v pg_ctlcluster >/dev/null; then
        echo "ensure-services: ERROR: PostgreSQL is not installed: apt-get install postgresql (and allow the" \
            "postgres user from 127.0.0.1 in pg_hba.conf), or set DATABASE_URL" >&2
        exit 1
    fi
    PG_VERSION=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1 || true)
    [[ -n "$PG_VERSION" ]] || { echo "ensure-services: ERROR: no PostgreSQL cluster under /etc/postgresql" >&2; exit 1; }
    say "starting PostgreSQL $PG_VERSION"
    pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start || true
    wait_for "PostgreSQL at 127.0.0.1:5432" postgres_up
fi

if ((NEEDS_REDIS)); then
    if ! command -v redis-server >/dev/null; then
        echo "ensure-services: ERROR: Redis is not installed: apt-get install redis-server, or set CELERY_BROKER_URL" >&2
        exit 1
    fi
    say "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
        --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
    wait_for "Redis at 127.0.0.1:6379" redis_up
fi

# The npm packages: again when package-lock.json changed since the last install.
if ((BROWSER)) && { [[ ! -f node_modules/axe-core/axe.min.js ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; }; then
    say "installing the npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
fi

((BROWSER)) && { [[ -x "$CHROMIUM" ]] || { echo "ensure-services: ERROR: $CHROMIUM is missing after the install" >&2; exit 1; }; }
command -v pdftoppm >/dev/null || { echo "ensure-services: ERROR: pdftoppm (poppler-utils) is missing after the install" >&2; exit 1; }
exit 0
