#!/usr/bin/env bash
# Longer fuzzing runs of the cfg reader, the sweep YAML reader and the command lexer (the normal
# suite runs 300 inputs each). Usage: reliability/fuzz.sh [TRIES]   (default 20000 per property)
# Prints one line per target:
#   TRIAL<TAB>fuzz-<target><TAB><runs><TAB><good><TAB><bad><TAB><detail>
# good = accepted, or refused with a documented one-line error; bad = anything else (the first
# one is the detail, and jqwik's shrunk sample is in the module's surefire report).
# Exit status: 0 when no target had a bad input, 1 otherwise.
set -uo pipefail
cd "$(dirname "$0")/.."
tries="${1:-20000}"
rm -f engine/target/fuzz/*.tsv sweep/target/fuzz/*.tsv
mvn -o -q -B test -pl sweep -am -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
  -Djqwik.tries.default="$tries" >/tmp/pipeline-fuzz.$$.log 2>&1
status=$?
cat engine/target/fuzz/*.tsv sweep/target/fuzz/*.tsv 2>/dev/null
if [ "$status" -ne 0 ]; then
  echo "fuzz: the build or a property failed; see /tmp/pipeline-fuzz.$$.log and */target/surefire-reports" >&2
  exit 1
fi
rm -f /tmp/pipeline-fuzz.$$.log
