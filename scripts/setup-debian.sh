#!/usr/bin/env bash
# Installs the Debian packages WorkWell needs to build and run its desktop window, if any
# is missing. Safe to run again: it does nothing when everything is present.
#
#   libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev
#       the WebKitGTK window Tauri v2 draws in, and what its Rust crates link against
#   xvfb xauth        a virtual X display for machines without a screen (CI, ssh)
#   webkit2gtk-driver WebKitWebDriver, which the end-to-end tests drive through tauri-driver
#   pkg-config build-essential curl ca-certificates   the usual build tools
#   nodejs npm        only when no `node` is on the PATH (the UI is built with Vite)
set -euo pipefail

packages=(
    libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev
    xvfb xauth webkit2gtk-driver pkg-config build-essential curl ca-certificates
)
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "setup: all Debian packages present"
    exit 0
fi

echo "setup: installing ${missing[*]}"
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
