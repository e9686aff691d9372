#!/usr/bin/env bash
# Re-extract every translatable string, merge it into the Italian catalogue and compile it:
#
#   scripts/translations.sh     extract -> update workbench.po -> compile workbench.mo
#
# Then translate the new (empty msgstr) entries of
# workbench/resources/locale/it/LC_MESSAGES/workbench.po and run it again: the compiled .mo is
# committed next to the .po (package data for the wheel, the sdist and the bundle).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PYBABEL="${PYBABEL:-$ROOT/.venv/bin/pybabel}"
[[ -x "$PYBABEL" ]] || PYBABEL="$(command -v pybabel)"
LOCALE=workbench/resources/locale
POT="$(mktemp --suffix=.pot)"
trap 'rm -f "$POT"' EXIT

# Keywords (Babel's spec: N = the Nth argument is the msgid, Nc the context, Nt the arity):
#   tr("text") / tr("text", "context")          self.tr and module-level tr helpers
#   translate(qt_context, "text"[, "context"])  QCoreApplication.translate (Qt's class
#                                               context is not part of the catalogue)
#   ntr("one", "many", n) / nptr("ctx", "one", "many", n)   window plurals
#   msg("text") / nmsg("one", "many", n)        core messages
#   N_("text") / NP_("ctx", "text")             report tables (translated later)
#   _f(key, "label", ...)                       the importer's field labels
"$PYBABEL" extract --no-default-keywords --no-location --sort-output --width=100 \
    -F babel.cfg -o "$POT" --project="Cluster Workbench" \
    -k 'tr:1,1t' -k 'tr:1,2c,2t' -k 'translate:2,2t' -k 'translate:2,3c,3t' \
    -k 'ntr:1,2' -k 'nptr:1c,2,3' -k 'msg:1' -k 'nmsg:1,2' -k 'N_:1' -k 'NP_:1c,2' -k '_f:2' \
    -k 'gettext:1' -k 'ngettext:1,2' -k 'pgettext:1c,2' -k 'npgettext:1c,2,3' \
    workbench 2>/dev/null
"$PYBABEL" update --no-fuzzy-matching --ignore-obsolete --width=100 \
    -i "$POT" -d "$LOCALE" -D workbench -l it 2>/dev/null
# A fixed creation date: the real one would change the .po and the .mo on every run and make
# every branch that adds a string conflict on that line.
sed -i 's/^"POT-Creation-Date: .*"$/"POT-Creation-Date: 2026-01-01 00:00+0000\\n"/' \
    "$LOCALE/it/LC_MESSAGES/workbench.po"
PY="$(dirname "$PYBABEL")/python"
# Compile with Babel's writer (what `pybabel compile` does) but without its python-format
# check: every placeholder here is str.format's ({name}) or Qt's %Ln, and Babel takes
# "31 % of members" for a %-format and refuses a translation that words it otherwise.
"$PY" - "$LOCALE/it/LC_MESSAGES/workbench.po" <<'PYTHON'
import sys
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
with open(sys.argv[1], "rb") as f:
    catalog = read_po(f)
with open(sys.argv[1][:-3] + ".mo", "wb") as f:
    write_mo(f, catalog)
missing = [m.id for m in catalog if m.id and not all(m.string if isinstance(m.string, tuple) else [m.string])]
print(f"{sys.argv[1]}: {len(catalog)} entries, {len(missing)} without Italian", file=sys.stderr)
for message in missing:
    print(f"  {message!r}", file=sys.stderr)
PYTHON
