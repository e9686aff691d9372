#!/usr/bin/env bash
# Set up everything Cluster Workbench needs to run from a source checkout.
#
#   scripts/setup.sh [--run | --test]
#
# Idempotent and quiet when nothing is left to do, so scripts/run.sh and scripts/test.sh call
# it every time. It is meant to be executed, not sourced (it uses `set -e` and `exit`).
#   1. finds a Python >= 3.11 (set PYTHON=/path/to/python to choose one);
#   2. creates .venv in the repository root when it is missing or broken;
#   3. runs `pip install -e '.[dev,team]'` (tools and tests; `team` is the PostgreSQL driver the
#      tests need) only when pyproject.toml or the extras changed since the last install
#      (the sha256 of pyproject.toml and the extras are kept in .venv/.workbench-install-stamp);
#   4. checks the system libraries the Qt wheels load and, when some are missing, installs the
#      Debian packages that provide them (as root) or prints the exact apt-get command.
# --run  also checks the X11/xcb libraries that a real window needs when a display is present.
# --test (default) checks only what the offscreen platform needs.
set -euo pipefail

mode=test
for arg in "$@"; do
    case "$arg" in
        --run) mode=run ;;
        --test) mode=test ;;
        -h | --help)
            sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "setup: unknown argument '$arg' (expected --run or --test)" >&2
            exit 2
            ;;
    esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.workbench-install-stamp"
# Extras of the developer install: dev (test and check tools), team (psycopg, for PostgreSQL).
EXTRAS="dev,team"

say() { echo "setup: $*" >&2; }
die() {
    echo "setup: error: $*" >&2
    exit 1
}

# ---------------------------------------------------------------------------------------------
# Python >= 3.11
# ---------------------------------------------------------------------------------------------
is_good_python() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

find_python() {
    local candidate
    if [[ -n "${PYTHON:-}" ]]; then
        is_good_python "$PYTHON" || die "PYTHON=$PYTHON is not a Python >= 3.11"
        echo "$PYTHON"
        return
    fi
    # python3.11 first: it is what Debian 12 ships and what CI uses.
    for candidate in python3.11 python3.12 python3.13 python3.14 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && is_good_python "$candidate"; then
            command -v "$candidate"
            return
        fi
    done
    die "Python 3.11 or newer was not found. On Debian/Ubuntu: sudo apt-get install python3 python3-venv"
}

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d' ' -f1
    else
        shasum -a 256 "$1" | cut -d' ' -f1 # macOS
    fi
}

# ---------------------------------------------------------------------------------------------
# Debian packages behind the shared libraries that the PySide6 wheels load but do not bundle.
# Checked by soname (ldconfig -p) rather than by package name, because package names change
# between releases (e.g. libglib2.0-0 became libglib2.0-0t64 in Debian 13 / Ubuntu 24.04) while
# the sonames do not; apt-get resolves the old names to the new packages.
# ---------------------------------------------------------------------------------------------
# soname:package — needed by QtCore/QtGui and the offscreen platform (tests, screenshots, CLI).
BASE_LIBS=(
    libglib-2.0.so.0:libglib2.0-0
    libGL.so.1:libgl1
    libEGL.so.1:libegl1
    libxkbcommon.so.0:libxkbcommon0
    libfontconfig.so.1:libfontconfig1
    libdbus-1.so.3:libdbus-1-3
)
# Needed by the xcb platform plugin, i.e. a real window on X11 (or XWayland).
XCB_LIBS=(
    libxcb-cursor.so.0:libxcb-cursor0
    libxcb-icccm.so.4:libxcb-icccm4
    libxcb-keysyms.so.1:libxcb-keysyms1
    libxcb-render-util.so.0:libxcb-render-util0
    libxcb-shape.so.0:libxcb-shape0
    libxkbcommon-x11.so.0:libxkbcommon-x11-0
    libxcb-xinerama.so.0:libxcb-xinerama0
    libxcb-randr.so.0:libxcb-randr0
    libxcb-image.so.0:libxcb-image0
    libxcb-util.so.1:libxcb-util1
    libxcb-xkb.so.1:libxcb-xkb1
    libX11-xcb.so.1:libx11-xcb1
)
# Needed by the wayland platform plugin.
WAYLAND_LIBS=(
    libwayland-client.so.0:libwayland-client0
    libwayland-cursor.so.0:libwayland-cursor0
    libwayland-egl.so.1:libwayland-egl1
)

missing_packages() {
    # Prints the packages whose library is not in the dynamic linker cache.
    local ldconfig cache entry
    ldconfig="$(command -v ldconfig || true)"
    [[ -z "$ldconfig" && -x /sbin/ldconfig ]] && ldconfig=/sbin/ldconfig # not in a user's PATH
    [[ -z "$ldconfig" ]] && return 0                                      # not Linux/glibc: skip
    cache="$("$ldconfig" -p 2>/dev/null || true)"
    for entry in "$@"; do
        if ! grep -qF -- "${entry%%:*} " <<<"$cache"; then
            echo "${entry#*:}"
        fi
    done
}

ensure_system_libs() {
    local wanted=("${BASE_LIBS[@]}")
    if [[ "$mode" == run ]]; then
        [[ -n "${DISPLAY:-}" ]] && wanted+=("${XCB_LIBS[@]}")
        [[ -n "${WAYLAND_DISPLAY:-}" ]] && wanted+=("${XCB_LIBS[@]}" "${WAYLAND_LIBS[@]}")
    fi
    local missing
    missing="$(missing_packages "${wanted[@]}" | sort -u | tr '\n' ' ')"
    missing="${missing% }"
    [[ -z "$missing" ]] && return 0

    if ! command -v apt-get >/dev/null 2>&1; then
        say "warning: Qt needs system libraries that seem to be missing (Debian names: $missing)."
        say "warning: install your distribution's equivalents if the program fails to start."
        return 0
    fi
    if [[ "$(id -u)" -ne 0 ]]; then
        echo "setup: Qt needs system libraries that are missing. Install them with:" >&2
        echo "" >&2
        echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends $missing" >&2
        echo "" >&2
        echo "setup: then run this command again." >&2
        exit 3
    fi
    say "installing system libraries for Qt: $missing"
    export DEBIAN_FRONTEND=noninteractive
    # shellcheck disable=SC2086 # word splitting of the package list is intended
    apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null \
        || die "apt-get could not install: $missing"
}

# ---------------------------------------------------------------------------------------------
# Virtual environment and the package itself
# ---------------------------------------------------------------------------------------------
ensure_venv() {
    if [[ -x "$VENV/bin/python" ]] && is_good_python "$VENV/bin/python"; then
        return 0
    fi
    local python
    python="$(find_python)"
    if [[ -e "$VENV" ]]; then
        say "the virtual environment in .venv is broken or too old; re-creating it"
        rm -rf "$VENV"
    fi
    say "creating the virtual environment in .venv with $python ($("$python" --version 2>&1))"
    if ! "$python" -m venv "$VENV" >/dev/null 2>&1; then
        rm -rf "$VENV"
        # Debian ships venv/ensurepip separately from python3.
        if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
            say "installing python3-venv"
            DEBIAN_FRONTEND=noninteractive apt-get update -qq \
                && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                    python3-venv >/dev/null
            "$python" -m venv "$VENV" || die "could not create the virtual environment"
        else
            die "'$python -m venv' failed. On Debian/Ubuntu: sudo apt-get install python3-venv"
        fi
    fi
}

ensure_installed() {
    # The stamp also records the checkout's path (an editable install points at it) and the
    # extras.
    local want have=""
    want="$(sha256_of "$ROOT/pyproject.toml") $ROOT [$EXTRAS]"
    [[ -f "$STAMP" ]] && have="$(cat "$STAMP")"
    [[ "$want" == "$have" ]] && return 0

    if [[ -n "$have" ]]; then
        say "pyproject.toml changed: updating the Python packages in .venv"
    else
        say "installing Cluster Workbench and its Python packages into .venv (first time: a few minutes)"
    fi
    rm -f "$STAMP"
    # pip's and the build backend's chatter goes to a log, shown only when something fails.
    local log="$VENV/pip-install.log"
    if ! (cd "$ROOT" && "$VENV/bin/python" -m pip install --disable-pip-version-check \
        --progress-bar off -e ".[$EXTRAS]") >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        die "pip install failed (full log: $log); is PyPI reachable?"
    fi
    echo "$want" >"$STAMP"
    say "Python packages are up to date"
}

main() {
    # Two scripts started at once (e.g. run.sh and test.sh) must not install over each other.
    # The lock lives in TMPDIR, keyed by the checkout's path, to leave the work tree clean.
    if command -v flock >/dev/null 2>&1; then
        local key
        key="$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
        exec 9>"${TMPDIR:-/tmp}/cluster-workbench-setup-$(id -u)-$key.lock"
        flock 9
    fi
    # System libraries first: without root that is a stop, better before minutes of downloads.
    ensure_system_libs
    ensure_venv
    ensure_installed
}

main
