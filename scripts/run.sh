#!/usr/bin/env bash
# `make run`: set up, create or upgrade the demo database, serve on :8069.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
DB=${DB:-school_demo}
PORT=${PORT:-8069}
ADDONS=school_attendance,school_penalty,school_letters
say() { printf '\033[1m[run]\033[0m %s\n' "$*"; }

# The addons' source fingerprint: an upgrade runs only when it changed.
fingerprint=$(find addons -type f -not -name '*.pyc' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
stamp="var/$DB.addons.sha"
if ! psql -d postgres -qtAc "select 1 from pg_database where datname='$DB'" | grep -q 1; then
    say "creating database $DB with the three addons"
    rm -f "$stamp"
    python bin/odoo -d "$DB" -i "$ADDONS" --without-demo=all --stop-after-init --log-level=warn
    echo "$fingerprint" > "$stamp"
elif [ "$(cat "$stamp" 2>/dev/null)" != "$fingerprint" ]; then
    say "upgrading the addons in $DB"
    python bin/odoo -d "$DB" -u "$ADDONS" --without-demo=all --stop-after-init --log-level=warn
    echo "$fingerprint" > "$stamp"
fi
python scripts/load_demo.py "$DB"
say "serving http://localhost:$PORT  (database $DB, login admin / admin; Ctrl-C stops)"
exec python bin/odoo -d "$DB" --db-filter="^$DB\$" --http-port="$PORT" --without-demo=all
