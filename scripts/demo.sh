#!/usr/bin/env bash
# Set everything up and start the web application with the synthetic demo data on SQLite.
# Usage: bash scripts/demo.sh [--host H] [--port P]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv ""
foretagsklimat setup --demo
exec foretagsklimat serve "$@"
