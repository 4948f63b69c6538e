#!/usr/bin/env bash
# `make backup` / `make restore`: a database and its file store together, in one zip in
# Odoo's own backup format (dump.sql, filestore/, manifest.json), by click-odoo-contrib's
# backupdb and restoredb (bin/click-odoo).
#   make backup  [DB=school_demo] [FILE=var/backups/<db>-<UTC time>.zip]
#   make restore FILE=backup.zip [DB=school_demo] [FORCE=1: drop DB first if it exists]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
DB=${DB:-school_demo}
say() { printf '\033[1m[%s]\033[0m %s\n' "$1" "$2"; }
case "${1:-}" in
backup)
    FILE=${FILE:-var/backups/$DB-$(date -u +%Y%m%dT%H%M%SZ).zip}
    mkdir -p "$(dirname "$FILE")"
    python bin/click-odoo backupdb "$DB" "$FILE"
    say backup "database $DB and its file store saved to $FILE"
    ;;
restore)
    if [ -z "${FILE:-}" ] || [ ! -f "$FILE" ]; then
        echo "make restore: give the backup to restore, e.g. make restore FILE=var/backups/x.zip" >&2
        exit 2
    fi
    args=(--move)  # the same school's database comes back: it keeps its identity (dbuuid)
    if [ "${FORCE:-}" = 1 ]; then args+=(--force); fi
    python bin/click-odoo restoredb "${args[@]}" "$DB" "$FILE"
    say restore "database $DB and its file store restored from $FILE (make run upgrades it if needed)"
    ;;
*)
    echo "usage: scripts/backup.sh backup|restore (see the Makefile)" >&2
    exit 2
    ;;
esac
