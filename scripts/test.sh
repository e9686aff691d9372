#!/usr/bin/env bash
# Set everything up (first run: virtual environment, Python packages, Qt's system libraries) and
# run the whole test suite. Arguments go to pytest and are relative to the repository root:
#
#   scripts/test.sh                          everything (options from pyproject.toml)
#   scripts/test.sh tests/test_sme.py -x     one file, stop at the first failure
#
# PostgreSQL tests use WORKBENCH_TEST_PG_URL when it is set (see .ci/run); otherwise they start
# a throw-away server when PostgreSQL is installed, or are skipped with a message saying how to
# enable them. WORKBENCH_REQUIRE_PG=1 turns that skip into a failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

"$ROOT/scripts/setup.sh" --test

# Tests drive real widgets without a screen; they must never open windows on a desktop either.
export QT_QPA_PLATFORM=offscreen
# pytest's testpaths and rootdir come from pyproject.toml, which it only applies from the root.
cd "$ROOT"

status=0
"$ROOT/.venv/bin/python" -m pytest "$@" || status=$?
if [[ $status -eq 5 ]]; then
    # pytest's 5 means "no tests collected"; a suite that tests nothing has failed.
    echo "test: no tests were collected; treating that as a failure" >&2
fi
exit "$status"
