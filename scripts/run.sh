#!/usr/bin/env bash
# Set everything up (first run: virtual environment, Python packages, Qt's system libraries) and
# start Cluster Workbench. Arguments go to the program:
#
#   scripts/run.sh                      start the desktop program on the default database
#   scripts/run.sh --db FILE_OR_URL     ... on another database
#   scripts/run.sh demo --db /tmp/x.db  a command-line command (works without a display)
#   scripts/run.sh --help               all commands and options
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$ROOT/scripts/setup.sh" --run

# True when the arguments only choose a database or a settings file, i.e. the GUI would start.
starts_gui() {
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --db | --settings-file) shift 2 || return 0 ;; # option with a separate value
            --db=* | --settings-file=*) shift ;;
            *) return 1 ;; # a subcommand, --help, --screenshot …: the program decides
        esac
    done
    return 0
}

# Friendly early exit instead of a Qt abort ("could not connect to display"). macOS has no
# DISPLAY but always has a screen; QT_QPA_PLATFORM set means the user chose a platform.
if [[ "$(uname -s)" != Darwin && -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" \
    && -z "${QT_QPA_PLATFORM:-}" ]] && starts_gui "$@"; then
    cat >&2 <<'EOF'
No display found: Cluster Workbench is a desktop program. Run it on a desktop session, or use
the command line: scripts/run.sh --help, or QT_QPA_PLATFORM=offscreen scripts/run.sh --screenshot DIR
EOF
    exit 2
fi

exec "$ROOT/.venv/bin/python" -m workbench "$@"
