#!/usr/bin/env bash
# Checks, before `make run` starts the app, that this machine has every system library Qt's xcb
# platform plugin needs and a font that draws Chinese text. Issue 9: checking libxcb-cursor
# alone let a machine lacking libxcb-icccm4 or libxcb-keysyms1 reach Qt, which then aborted
# with a message blaming xcb-cursor, and Chinese headers showed as boxes with no hint why.
#
# Usage: packaging/check-system-deps.sh [PYTHON]   (PYTHON: the venv's interpreter)
# - nothing missing: silent, exit 0;
# - something missing, root on Debian/Ubuntu: installs it (install-system-deps.sh), exit 0;
# - otherwise: names what is missing and the apt-get command; exit 1 only when the window
#   cannot open (a library the plugin links is not found), so the app still starts without,
#   say, the Chinese font.
# The packages come from `install-system-deps.sh --list-runtime` (the list is written once).
# CSVINSPECT_PYSIDE6_DIR overrides where PySide6 is (otherwise asked of PYTHON).
set -uo pipefail
# The xcb plugin is the Linux window plugin; elsewhere Qt brings what it needs.
[ "$(uname -s)" = Linux ] || exit 0
here=$(cd "$(dirname "$0")" && pwd)
python=${1:-python3}
mapfile -t runtime < <("$here/install-system-deps.sh" --list-runtime)
cjk_font=fonts-noto-cjk

pyside_dir=${CSVINSPECT_PYSIDE6_DIR:-$("$python" -c 'import importlib.util, os
spec = importlib.util.find_spec("PySide6")
print(os.path.dirname(spec.origin) if spec and spec.origin else "")' 2>/dev/null)}

# Sonames the xcb plugin (and the Qt library it is built on) link but the loader cannot find.
unresolved_sonames() {
  local files=()
  [ -n "$pyside_dir" ] || return 0
  for f in "$pyside_dir/Qt/plugins/platforms/libqxcb.so" "$pyside_dir"/Qt/lib/libQt6XcbQpa.so*; do
    [ -e "$f" ] && files+=("$f")
  done
  [ ${#files[@]} -gt 0 ] || return 0
  command -v ldd >/dev/null 2>&1 || return 0
  ldd "${files[@]}" 2>/dev/null | awk '/=> not found/ {print $1}' | sort -u
}

# The Debian package that ships a soname: libxcb-icccm.so.4 -> libxcb-icccm4,
# libxkbcommon-x11.so.0 -> libxkbcommon-x11-0, libX11-xcb.so.1 -> libx11-xcb1.
package_of_soname() {
  local base ver
  base=$(printf '%s' "${1%%.so*}" | tr '[:upper:]' '[:lower:]')
  ver=${1#*.so.}
  ver=${ver%%.*}
  case $base in
    libglib-2.0) echo "libglib2.0-$ver" ;;
    *[0-9]) echo "$base-$ver" ;;
    *) echo "$base$ver" ;;
  esac
}

in_list() {
  local want=$1 item
  shift
  for item in "$@"; do [ "$item" = "$want" ] && return 0; done
  return 1
}

# Packages of the list dpkg does not have installed (nor an installed package providing them,
# as the t64 renames do). The CJK font is judged by fontconfig instead when it is available:
# any Chinese font will do.
dpkg_missing() {
  command -v dpkg-query >/dev/null 2>&1 || return 0
  local provided pkg status
  provided=$(dpkg-query -W -f='${db:Status-Abbrev} ${Provides}\n' 2>/dev/null |
    awk '/^ii/ {for (i = 2; i <= NF; i++) {gsub(/,/, "", $i); print $i}}')
  for pkg in "${runtime[@]}"; do
    if [ "$pkg" = "$cjk_font" ] && command -v fc-list >/dev/null 2>&1; then continue; fi
    status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null)
    case $status in ii*) continue ;; esac
    printf '%s\n' "$provided" | grep -qxF "$pkg" || echo "$pkg"
  done
}

chinese_font_missing() {
  command -v fc-list >/dev/null 2>&1 || return 1
  [ -z "$(fc-list :lang=zh family 2>/dev/null)" ]
}

missing=()
fatal=()
mapfile -t sonames < <(unresolved_sonames)
for so in "${sonames[@]}"; do
  pkg=$(package_of_soname "$so")
  fatal+=("$so")
  in_list "$pkg" "${missing[@]}" || missing+=("$pkg")
done
while read -r pkg; do
  [ -n "$pkg" ] && ! in_list "$pkg" "${missing[@]}" && missing+=("$pkg")
done < <(dpkg_missing)
if chinese_font_missing && ! in_list "$cjk_font" "${missing[@]}"; then missing+=("$cjk_font"); fi
[ ${#missing[@]} -gt 0 ] || exit 0

if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing what Qt needs to open a window and draw Chinese text: ${missing[*]}" >&2
  "$here/install-system-deps.sh" || exit 1
  mapfile -t sonames < <(unresolved_sonames)
  [ ${#sonames[@]} -eq 0 ] && exit 0
  echo "Still not found after installing: ${sonames[*]}; the window cannot open." >&2
  exit 1
fi

echo "This machine lacks what csvinspect needs:" >&2
for pkg in "${missing[@]}"; do
  if [ "$pkg" = "$cjk_font" ]; then
    echo "  $pkg  (no font for Chinese text: it would show as empty boxes)" >&2
  else
    echo "  $pkg" >&2
  fi
done
if command -v apt-get >/dev/null 2>&1; then
  echo "Install them as root with:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
else
  echo "Install the packages of your system that provide them." >&2
fi
if [ ${#fatal[@]} -gt 0 ]; then
  echo "Qt's window plugin cannot load without ${fatal[*]}, so the app is not started." >&2
  exit 1
fi
if [ "${missing[*]}" = "$cjk_font" ]; then
  echo "Starting anyway." >&2
else
  echo "Starting anyway; if the window does not open, install them first." >&2
fi
exit 0
