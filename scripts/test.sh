#!/usr/bin/env bash
# Set everything up and run the whole test suite: lint, types, then pytest on SQLite and,
# when PostgreSQL is reachable (required when FORETAGSKLIMAT_REQUIRE_POSTGRES=1), on PostgreSQL.
# Usage: bash scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv "test,dev"

# Browser tests drive Debian's chromium, the translation tests GNU gettext; install them
# from Debian's packages if missing.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v xgettext >/dev/null || missing+=(gettext)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
export FORETAGSKLIMAT_HOME="${FORETAGSKLIMAT_HOME:-$(mktemp -d)}"

echo "== ruff"; ruff check src tests benchmarks scripts; ruff format --check src tests benchmarks scripts
echo "== import layers"; lint-imports --no-cache
echo "== mypy"; mypy

# Parallel workers (pytest-xdist, one per CPU; pyproject.toml sets --dist loadgroup, which
# keeps tests that share a fixture together). PYTEST_WORKERS=0 runs in this one process.
workers=(-n "${PYTEST_WORKERS:-auto}")

echo "== pytest on SQLite"
env -u DATABASE_URL pytest "${workers[@]}" "$@"

PG_URL="${FORETAGSKLIMAT_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
if python - "$PG_URL" <<'PY'
import sys, psycopg
try:
    psycopg.connect(sys.argv[1].replace("postgres://", "postgresql://"), connect_timeout=3).close()
except Exception as error:
    print(f"PostgreSQL not reachable: {error}")
    sys.exit(1)
PY
then
  echo "== pytest on PostgreSQL ($PG_URL)"
  DATABASE_URL="$PG_URL" pytest "${workers[@]}" "$@"
elif [ "${FORETAGSKLIMAT_REQUIRE_POSTGRES:-0}" = 1 ]; then
  echo "PostgreSQL is required but not reachable." >&2
  exit 1
else
  echo "== PostgreSQL not reachable: skipped the PostgreSQL run"
fi
