#!/usr/bin/env bash
# Install everything the product needs on a Debian machine, idempotently:
# system packages, a started PostgreSQL with a role for this user, the
# project virtualenv (requirements.txt, --no-deps), lessc and axe-core from npm.
# A second run only checks, and does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

APT_PACKAGES=(postgresql wkhtmltopdf poppler-utils chromium fonts-dejavu-core fonts-liberation
              make python3-venv)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing system packages: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# PostgreSQL: start the packaged cluster and give this OS user a superuser role.
PG_VERSION=$(pg_lsclusters -h | awk 'NR==1 {print $1}')
PG_CLUSTER=$(pg_lsclusters -h | awk 'NR==1 {print $2}')
if [ -z "$PG_VERSION" ]; then
    say "creating a PostgreSQL cluster"
    $SUDO pg_createcluster 15 main
    PG_VERSION=15; PG_CLUSTER=main
fi
if ! pg_lsclusters -h | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
    say "starting PostgreSQL $PG_VERSION/$PG_CLUSTER"
    $SUDO pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
fi
ME=$(id -un)
if [ "$ME" = root ]; then RUN_AS_PG=(su postgres -c); else RUN_AS_PG=(sudo -u postgres sh -c); fi
for _ in $(seq 1 30); do
    "${RUN_AS_PG[@]}" "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
done
if ! "${RUN_AS_PG[@]}" "psql -qtAc \"select 1 from pg_roles where rolname='$ME'\"" | grep -q 1; then
    say "creating PostgreSQL role $ME"
    "${RUN_AS_PG[@]}" "createuser --superuser $ME"
fi

# Python: the project virtualenv, reinstalled only when requirements.txt changes.
PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
    say "creating .venv with $($PYTHON --version)"
    "$PYTHON" -m venv .venv
fi
REQ_SUM=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat .venv/.requirements.sha 2>/dev/null)" != "$REQ_SUM" ]; then
    say "installing Python requirements"
    .venv/bin/python -m pip install -q --upgrade "pip<27" 2>&1 | grep -v "^WARNING: Location" || true
    .venv/bin/python -m pip install -q --no-deps -r requirements.txt 2>&1 | grep -v "^WARNING: Location" || true
    .venv/bin/python -c "from school_runtime import compat; compat.apply(); import odoo, psycopg2, playwright, pytest" \
        || { echo "setup: the Python install is incomplete" >&2; exit 1; }
    echo "$REQ_SUM" > .venv/.requirements.sha
fi

# lessc for Odoo 11's asset bundles (Debian's node-less fails with this Node).
if [ ! -x .tools/node_modules/.bin/lessc ]; then
    say "installing lessc 3.13.1 from npm"
    mkdir -p .tools
    npm install --silent --no-audit --no-fund --no-package-lock --prefix .tools less@3.13.1 >/dev/null
fi
# axe-core: the browser tests inject it to check the portal against WCAG 2.2 AA.
AXE_VERSION=4.10.3
if [ ! -f .tools/node_modules/axe-core/axe.min.js ] \
    || ! grep -q "\"version\": \"$AXE_VERSION\"" .tools/node_modules/axe-core/package.json; then
    say "installing axe-core $AXE_VERSION from npm"
    mkdir -p .tools
    npm install --silent --no-audit --no-fund --no-package-lock --prefix .tools \
        "axe-core@$AXE_VERSION" less@3.13.1 >/dev/null
fi
mkdir -p var/data var/test-logs
say "ready: $ROOT"
