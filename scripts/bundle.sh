#!/usr/bin/env bash
# Build the desktop bundle a cluster manager unpacks and double-clicks (PyInstaller):
#
#   scripts/bundle.sh                 dist/cluster-workbench/ (a folder: program + libraries)
#                                     and dist/cluster-workbench-<version>-<os>-<arch>.tar.gz
#                                     (.zip on Windows)
#   WORKBENCH_ONEFILE=1 scripts/bundle.sh   one self-extracting file instead of a folder
#   scripts/bundle.sh --dist DIR      put the results in DIR instead of dist/
#
# The same script runs on Linux, macOS and Windows (Git Bash); .github/workflows/bundle.yml
# runs it on those runners. It uses the development environment (scripts/setup.sh --test),
# draws the icons from workbench/resources/icons/app.svg and adds a .desktop entry on Linux.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="$ROOT/dist"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --dist) DIST="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
        *) echo "bundle: unknown option $1 (use --dist DIR)" >&2; exit 2 ;;
    esac
done
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

"$ROOT/scripts/setup.sh" --test
if [[ -x "$ROOT/.venv/Scripts/python.exe" ]]; then PY="$ROOT/.venv/Scripts/python.exe"; else PY="$ROOT/.venv/bin/python"; fi

echo "bundle: drawing the icons" >&2
QT_QPA_PLATFORM=offscreen "$PY" "$ROOT/packaging/make_icons.py" "$ROOT/packaging"

echo "bundle: running PyInstaller (about a minute)" >&2
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK/build" "$ROOT/packaging/cluster-workbench.spec"

VERSION="$("$PY" -c 'import workbench; print(workbench.__version__)')"
case "$(uname -s)" in
    Linux*) OS=linux ;;
    Darwin*) OS=macos ;;
    MINGW* | MSYS* | CYGWIN*) OS=windows ;;
    *) OS="$(uname -s | tr '[:upper:]' '[:lower:]')" ;;
esac
ARCH="$(uname -m)"
NAME="cluster-workbench-$VERSION-$OS-$ARCH"

if [[ "${WORKBENCH_ONEFILE:-0}" == 1 ]]; then
    echo "bundle: one-file program in $DIST" >&2
    exit 0
fi
if [[ "$OS" == linux ]]; then
    cp "$ROOT/packaging/cluster-workbench.desktop" "$ROOT/packaging/cluster-workbench.png" \
        "$ROOT/packaging/install-desktop-entry.sh" "$DIST/cluster-workbench/"
fi
cd "$DIST"
if [[ "$OS" == windows ]]; then
    "$PY" -c "import shutil; shutil.make_archive('$NAME', 'zip', '.', 'cluster-workbench')"
    echo "bundle: $DIST/$NAME.zip" >&2
else
    tar -czf "$NAME.tar.gz" cluster-workbench
    echo "bundle: $DIST/$NAME.tar.gz ($(du -sh cluster-workbench | cut -f1) unpacked)" >&2
fi
