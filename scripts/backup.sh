#!/usr/bin/env bash
# `make backup`: a back-up of the database and the private media (uploaded documents, reports) in one new folder,
#   $BACKUP_DIR/kwaliteitsaanpak-<UTC date and time>/  with  database.dump (pg_dump -Fc), media.tar.gz and SHA256SUMS.
#
# Reads DATABASE_URL (PostgreSQL only; the SQLite of `make run` is one file: copy it) and PRIVATE_MEDIA_ROOT (as the
# application does; default ./private-media). BACKUP_DIR defaults to ./backups (not in git). Prints the folder made.
# Files still being written by a task (MEDIA_ROOT/.partial/) are left out: no record points to them.
# Restore with scripts/restore.sh (`make restore BACKUP=<folder>`).
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
die() { echo "backup: ERROR: $*" >&2; exit 1; }

DB_URL=${DATABASE_URL:-}
[[ "$DB_URL" =~ ^postgres(ql)?:// ]] || die "DATABASE_URL must name a PostgreSQL database (postgres://...), got '${DB_URL:-nothing}'"
DB_URL=${DB_URL/#postgres:\/\//postgresql://}
MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-./private-media}
BACKUP_DIR=${BACKUP_DIR:-./backups}

command -v pg_dump >/dev/null || die "pg_dump is missing: apt-get install postgresql-client (scripts/ensure-services.sh)"
# pg_dump refuses a server newer than itself; say so in one line instead of its longer message.
server=$(psql "$DB_URL" -XtAc "SHOW server_version_num") || die "cannot connect to the database of DATABASE_URL"
client=$(pg_dump --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)?.*/\1/')
((client >= server / 10000)) || die "pg_dump $client is older than the server ($((server / 10000))): install postgresql-client-$((server / 10000))"

target="$BACKUP_DIR/kwaliteitsaanpak-$(date -u +%Y%m%dT%H%M%SZ)"
[[ -e "$target" ]] && die "$target exists already"
mkdir -p "$target.partial"
trap 'rm -rf "$target.partial"' EXIT  # a failed back-up leaves nothing that looks like one

pg_dump --dbname="$DB_URL" --format=custom --no-owner --no-privileges --file="$target.partial/database.dump"
if [[ -d "$MEDIA_ROOT" ]]; then
    tar -C "$MEDIA_ROOT" --exclude=./.partial -czf "$target.partial/media.tar.gz" .
else
    tar -czf "$target.partial/media.tar.gz" --files-from /dev/null  # no media yet: an empty archive
fi
(cd "$target.partial" && sha256sum database.dump media.tar.gz >SHA256SUMS)
mv "$target.partial" "$target"
trap - EXIT
echo "$target"
