#!/usr/bin/env bash
# Builds WorkWell's installable Debian package: a release build of the desktop app with the
# UI embedded, bundled by the Tauri CLI (ui's devDependency @tauri-apps/cli) as configured in
# src-tauri/tauri.conf.json ("bundle": deb target, icons from the top-level icons/ folder,
# the runtime dependencies libwebkit2gtk-4.1-0 and libgtk-3-0 are added by the CLI).
#
# Writes <target dir>/release/bundle/deb/WorkWell_<version>_amd64.deb and prints its path
# and `dpkg-deb -I`. A first release build takes a long time (20 min or more on 2 cores).
# Install it with `sudo apt install ./WorkWell_<version>_amd64.deb`; run `workwell-app`.
#
# Debian packages it installs when missing (scripts/setup-debian.sh):
#   libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev
#   xvfb xauth webkit2gtk-driver pkg-config build-essential curl ca-certificates
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup-debian.sh
# Installs the locked npm packages (the Tauri CLI among them) and builds ui/dist, so the
# CLI's own beforeBuildCommand is skipped (its working folder depends on where the CLI finds
# the frontend).
# WORKWELL_UI_DIST=/path/to/dist bundles an already built UI from that folder instead.
if [ -n "${WORKWELL_UI_DIST:-}" ]; then
    config="{\"build\":{\"beforeBuildCommand\":\"true\",\"frontendDist\":\"$WORKWELL_UI_DIST\"}}"
else
    ./scripts/build-ui.sh
    config='{"build":{"beforeBuildCommand":"true"}}'
fi
./ui/node_modules/.bin/tauri build --bundles deb --config "$config" "$@"

target="${CARGO_TARGET_DIR:-$PWD/target}"
deb=$(ls -t "$target"/release/bundle/deb/*.deb | head -1)
echo "build-deb: $deb ($(du -h "$deb" | cut -f1))"
dpkg-deb -I "$deb"
