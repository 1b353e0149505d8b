#!/usr/bin/env bash
# Sets up what a fresh Debian machine lacks, builds the UI and the desktop app, and opens
# WorkWell. On first launch the app creates its database with the demo content in the
# platform data directory (~/.local/share/workwell/workwell.db); set
# WORKWELL_DB=/path/to/file.db to use another file.
#
# Debian packages it installs when missing (scripts/setup-debian.sh):
#   libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev
#   xvfb xauth webkit2gtk-driver pkg-config build-essential curl ca-certificates
#   nodejs npm (only when no `node` is on the PATH)
# and, when `cargo` is missing, the Rust toolchain through rustup (https://rustup.rs).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup-debian.sh
if ! command -v cargo >/dev/null 2>&1; then
    [ -x "$HOME/.cargo/bin/cargo" ] || {
        echo "run-app: installing the Rust toolchain with rustup (minimal profile)"
        curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    }
    export PATH="$HOME/.cargo/bin:$PATH"
fi
./scripts/build-ui.sh
cargo build -p workwell-app

app="${CARGO_TARGET_DIR:-$PWD/target}/debug/workwell-app"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "run-app: no display found; starting WorkWell under Xvfb (virtual screen :99 is not visible)"
    exec xvfb-run -a -s "-screen 0 1440x900x24" "$app" "$@"
fi
exec "$app" "$@"
