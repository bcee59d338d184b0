#!/usr/bin/env bash
# `make restore BACKUP=<folder>`: put a back-up made by scripts/backup.sh back, into the database named by
# DATABASE_URL (created when it does not exist) and into PRIVATE_MEDIA_ROOT (default ./private-media).
#
#   scripts/restore.sh <backup folder> [--force]
#
# Refuses to overwrite: a database that has tables, or a media folder that has files, is only replaced with --force
# (or RESTORE_FORCE=1). With it, the database's schema is replaced (in one transaction) and the old media
# folder is moved aside to <media folder>.before-restore-<time>, not deleted. The back-up's checksums are checked
# before anything is changed.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
die() { echo "restore: ERROR: $*" >&2; exit 1; }

BACKUP=""
FORCE=${RESTORE_FORCE:-0}
for arg in "$@"; do
    case "$arg" in
        --force) FORCE=1 ;;
        -*) die "unknown option $arg" ;;
        *) BACKUP=$arg ;;
    esac
done
[[ -n "$BACKUP" ]] || die "usage: scripts/restore.sh <backup folder> [--force]  (make restore BACKUP=<folder>)"
[[ -f "$BACKUP/database.dump" && -f "$BACKUP/media.tar.gz" ]] || die "$BACKUP is not a back-up of scripts/backup.sh"
(cd "$BACKUP" && sha256sum --quiet -c SHA256SUMS) || die "$BACKUP is damaged: its checksums do not match"

DB_URL=${DATABASE_URL:-}
[[ "$DB_URL" =~ ^postgres(ql)?:// ]] || die "DATABASE_URL must name a PostgreSQL database (postgres://...), got '${DB_URL:-nothing}'"
DB_URL=${DB_URL/#postgres:\/\//postgresql://}
MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-./private-media}
command -v pg_restore >/dev/null || die "pg_restore is missing: apt-get install postgresql-client"

# The database's name and the server's maintenance database ("postgres"), from the URL.
read -r DB_NAME ADMIN_URL < <(python3 - "$DB_URL" <<'EOF'
import sys
from urllib.parse import unquote, urlsplit, urlunsplit

url = urlsplit(sys.argv[1])
print(unquote(url.path.lstrip("/")), urlunsplit(url._replace(path="/postgres")))
EOF
)
[[ -n "$DB_NAME" ]] || die "DATABASE_URL names no database"

exists=$(psql "$ADMIN_URL" -XtAc "SELECT 1 FROM pg_database WHERE datname = '${DB_NAME//\'/\'\'}'")
if [[ "$exists" != 1 ]]; then
    psql "$ADMIN_URL" -Xq -c "CREATE DATABASE \"${DB_NAME//\"/\"\"}\""
    tables=0
else
    tables=$(psql "$DB_URL" -XtAc "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")
fi
if ((tables > 0 && !FORCE)); then
    die "database $DB_NAME has $tables tables: restoring would overwrite them. Add --force (make restore FORCE=1) to replace it"
fi
if [[ -d "$MEDIA_ROOT" ]] && [[ -n "$(ls -A "$MEDIA_ROOT")" ]] && ((!FORCE)); then
    die "$MEDIA_ROOT is not empty: restoring would mix two sets of files. Add --force (make restore FORCE=1) to replace it"
fi

# One transaction: with --force the old schema goes (also tables the back-up does not have), and comes back as the
# back-up's, or, on any error, nothing changes.
{
    ((tables > 0)) && echo "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"
    pg_restore --file=- --no-owner --no-privileges "$BACKUP/database.dump"
} | psql "$DB_URL" -Xq --single-transaction -v ON_ERROR_STOP=1 >/dev/null

if [[ -d "$MEDIA_ROOT" ]] && [[ -n "$(ls -A "$MEDIA_ROOT")" ]]; then
    aside="${MEDIA_ROOT%/}.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
    mv "$MEDIA_ROOT" "$aside"
    echo "restore: the media folder that was there is kept as $aside"
fi
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$BACKUP/media.tar.gz"
echo "restore: $BACKUP restored into database $DB_NAME and $MEDIA_ROOT"
