#!/usr/bin/env bash
# `make run`: set up, create or upgrade the demo database, serve on :8069.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
DB=${DB:-school_demo}
PORT=${PORT:-8069}
# WORKERS=n: Odoo's multi-process mode, n HTTP workers and the long-polling
# (chat, notifications) process on LONGPOLLING_PORT (default PORT + 3).
WORKERS=${WORKERS:-0}
LONGPOLLING_PORT=${LONGPOLLING_PORT:-$((PORT + 3))}
ADDONS=school_attendance,school_penalty,school_letters
say() { printf '\033[1m[run]\033[0m %s\n' "$*"; }

# Upgrade: click-odoo-update (bin/click-odoo update) keeps each addon's checksum in the
# database and runs -u only for the addons whose files changed since then.
if ! psql -d postgres -qtAc "select 1 from pg_database where datname='$DB'" | grep -q 1; then
    say "creating database $DB with the three addons"
    python bin/odoo -d "$DB" -i "$ADDONS" --without-demo=all --stop-after-init --log-level=warn
    python bin/click-odoo update -d "$DB" --only-compute-hashes --log-level=warn
else
    say "upgrading the addons of $DB that changed"
    python bin/click-odoo update -d "$DB" --log-level=warn
fi
rm -f "var/$DB.addons.sha"  # the fingerprint file of earlier releases
python scripts/load_demo.py "$DB"
SERVE=(-d "$DB" --db-filter="^$DB\$" --http-port="$PORT" --without-demo=all)
if [ "$WORKERS" -gt 0 ]; then
    SERVE+=(--workers="$WORKERS" --longpolling-port="$LONGPOLLING_PORT")
    say "$WORKERS workers; long polling on :$LONGPOLLING_PORT"
fi
say "serving http://localhost:$PORT  (database $DB, login admin / admin; Ctrl-C stops)"
exec python bin/odoo "${SERVE[@]}"
