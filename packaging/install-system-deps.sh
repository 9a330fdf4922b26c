#!/usr/bin/env bash
# The Debian packages Qt (PySide6) needs to open a window, test headless and draw CJK text.
# Run as root: installs what is missing. Otherwise: prints the command to run.
# `--list-runtime` prints the packages the app itself needs to open a window and draw Chinese
# text, one a line: packaging/check-system-deps.sh (called by `make run`) checks those, so the
# list is written once, here. Also used by `.ci/run`.
set -euo pipefail
RUNTIME_PACKAGES=(
  libgl1 libegl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4
  libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
  libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libxrender1 libxi6 fonts-dejavu-core
  fonts-noto-cjk
)
TOOL_PACKAGES=(python3 python3-venv python3-pip make xvfb xauth)
if [ "${1:-}" = --list-runtime ]; then
  printf '%s\n' "${RUNTIME_PACKAGES[@]}"
  exit 0
fi
PACKAGES=("${TOOL_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}")
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
