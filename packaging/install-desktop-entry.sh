#!/usr/bin/env sh
# Add Cluster Workbench to the desktop's application menu (run once from the unpacked folder).
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
APPS="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
ICONS="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
mkdir -p "$APPS" "$ICONS"
cp "$HERE/cluster-workbench.png" "$ICONS/cluster-workbench.png"
sed "s|^Exec=cluster-workbench|Exec=\"$HERE/cluster-workbench\"|" \
    "$HERE/cluster-workbench.desktop" > "$APPS/cluster-workbench.desktop"
echo "Cluster Workbench is now in the application menu."
