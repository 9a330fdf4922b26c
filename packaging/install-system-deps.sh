#!/usr/bin/env bash
# The Debian packages Qt (PySide6) needs to open a window, test headless and draw CJK text.
# Run as root: installs what is missing. Otherwise: prints the command to run.
# Used by `make run` (only when the Qt xcb libraries are missing) and by `.ci/run`.
set -euo pipefail
PACKAGES=(
  python3 python3-venv python3-pip make xvfb xauth
  libgl1 libegl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4
  libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
  libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libxrender1 libxi6 fonts-dejavu-core
  fonts-noto-cjk
)
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: not a Debian/Ubuntu system; install Qt 6's xcb libraries yourself" >&2
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "Qt needs system libraries; run as root:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${PACKAGES[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
