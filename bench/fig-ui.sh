#!/usr/bin/env bash
# Web UI and report figures (issue 16), as CSV rows: figure,value,unit,target
#   ui_first_paint_100k     - ms from opening the page of a finished 100,000-task run (served by
#                             `pipeline ui`, journal already read) to its graph drawn, headless
#                             Chromium, median of REPEATS                                 (<= 2000 ms)
#   ui_overhead_fan10k      - % by which `pipeline run Fan --n 10000 --ui P` with a page open is
#                             slower than without --ui (median wall times of REPEATS each) (<= 5 %)
#   report_100k             - s for `pipeline report` of a 100,000-task run (a fresh JVM: reading
#                             the journal, writing report.html and trace.tsv), median     (<= 5 s)
# Needs chromium on PATH for the first two, and Maven (they are driven from cli's test classes).
# REPEATS (default 5), BENCH_DIR (default $TMPDIR).
#   bench/fig-ui.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pipeline="$root/bin/pipeline"
repeats="${REPEATS:-5}"
base="${BENCH_DIR:-${TMPDIR:-/tmp}}"
work="$(mktemp -d "$base/pipeline-fig-ui.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$pipeline" --version >/dev/null   # builds the jar once, untimed
chromium="$(command -v chromium || command -v chromium-browser || true)"
median() { sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }
wall() { /usr/bin/time -f "%e" -o "$work/t" "$@" >/dev/null 2>&1; cat "$work/t"; }
echo "# $(date -u +%FT%TZ) host=$(hostname) cores=$(nproc) load=$(cut -d' ' -f1 /proc/loadavg)" >&2
echo "figure,value,unit,target"

big="$work/fan100k"
mkdir -p "$big"
"$pipeline" run Fan --n 100000 --storage memory --run-dir "$big" --workers 2 --progress lines >/dev/null

# report generation, 100,000 tasks
times=""
for ((r = 0; r < repeats; r++)); do
  times+="$(wall "$pipeline" report --run-dir "$big" -o "$work/report.html")"$'\n'
done
echo "report_100k,$(printf '%s' "$times" | median),s,5"

if [ -z "$chromium" ]; then
  echo "bench: chromium not on PATH; skipping the UI figures" >&2
  exit 0
fi
# The UI figures drive a real headless Chromium over the DevTools protocol from Java
# (cli/src/test/java/dev/pipeline/cli/UiFigures.java), through bin/pipeline.
rm -f "$root/cli/target/fig-ui.csv"
(cd "$root" && PIPELINE_BENCH_UI=1 PIPELINE_BENCH_DIR="$work" REPEATS="$repeats" \
  mvn -o -q -B test -pl cli -am -Dtest=UiFigures -Dsurefire.failIfNoSpecifiedTests=false >&2)
cat "$root/cli/target/fig-ui.csv"
