#!/usr/bin/env bash
# Sets up what a fresh Debian machine lacks, builds the UI and the desktop app, and opens
# WorkWell. On first launch the app creates its database with the demo content in the
# platform data directory (~/.local/share/workwell/workwell.db); set
# WORKWELL_DB=/path/to/file.db to use another file.
#
# Debian packages it installs when missing (scripts/setup-debian.sh):
#   libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev
#   xvfb xauth webkit2gtk-driver pkg-config build-essential curl ca-certificates
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup-debian.sh
./scripts/build-ui.sh
cargo build -p workwell-app

app="${CARGO_TARGET_DIR:-$PWD/target}/debug/workwell-app"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "run-app: no display found; starting WorkWell under Xvfb (virtual screen :99 is not visible)"
    exec xvfb-run -a -s "-screen 0 1440x900x24" "$app" "$@"
fi
exec "$app" "$@"
