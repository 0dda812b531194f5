#!/usr/bin/env bash
# Web UI and report figures (issue 16), as CSV rows: figure,value,unit,target
#   ui_first_paint_100k     - ms from opening the page of a finished 100,000-task run (served by
#                             `pipeline ui`, journal already read) to its graph drawn, headless
#                             Chromium, median of REPEATS                                 (<= 2000 ms)
#   ui_overhead_fan10k      - % by which `pipeline run Fan --n 10000 --ui P` with a page open is
#                             slower than without --ui (median wall times of REPEATS each) (<= 5 %)
#   report_100k             - s for `pipeline report` of a 100,000-task run (a fresh JVM: reading
#                             the journal, writing report.html and trace.tsv), median     (<= 5 s)
# Needs chromium on PATH for the first two. REPEATS (default 5), BENCH_DIR (default $TMPDIR).
#   bench/fig-ui.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pipeline="$root/bin/pipeline"
repeats="${REPEATS:-5}"
base="${BENCH_DIR:-${TMPDIR:-/tmp}}"
work="$(mktemp -d "$base/pipeline-fig-ui.XXXXXX")"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
"$pipeline" --version >/dev/null   # builds the jar once, untimed
chromium="$(command -v chromium || command -v chromium-browser || true)"
median() { sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
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
browse() {  # url ms -> the page's DOM after ms milliseconds
  "$chromium" --headless=new --no-sandbox --disable-gpu --user-data-dir="$work/profile" \
    --timeout="$2" --dump-dom "$1" 2>/dev/null
}

# first paint of the 100,000-task run's page
port="$(free_port)"
"$pipeline" ui --run-dir "$big" --port "$port" >"$work/ui.out" 2>&1 &
pids+=($!)
until grep -q "open http" "$work/ui.out"; do sleep 0.2; done
paints=""
for ((r = 0; r < repeats; r++)); do
  ms="$(browse "http://127.0.0.1:$port/" 10000 | grep -o 'data-first-paint-ms="[0-9]*"' | grep -o '[0-9]*' || echo 99999)"
  paints+="$ms"$'\n'
done
kill "${pids[-1]}"
echo "ui_first_paint_100k,$(printf '%s' "$paints" | median),ms,2000"

# --ui with a page open vs without, Fan 10,000
plain=""; served=""
for ((r = 0; r < repeats; r++)); do
  rm -rf "$work/a" "$work/b"
  plain+="$(wall "$pipeline" run Fan --n 10000 --out "$work/a" --run-dir "$work/a" --workers 2 --progress lines)"$'\n'
  port="$(free_port)"
  ( until curl -s -o /dev/null "http://127.0.0.1:$port/api/runs"; do sleep 0.05; done
    browse "http://127.0.0.1:$port/" 600000 >/dev/null ) &
  page=$!
  served+="$(wall "$pipeline" run Fan --n 10000 --out "$work/b" --run-dir "$work/b" --workers 2 --progress lines --ui "$port")"$'\n'
  pkill -P "$page" 2>/dev/null || true
  kill "$page" 2>/dev/null || true
  wait "$page" 2>/dev/null || true
done
a="$(printf '%s' "$plain" | median)"; b="$(printf '%s' "$served" | median)"
echo "# Fan 10,000 medians: ${a} s without --ui, ${b} s with --ui and a page" >&2
echo "ui_overhead_fan10k,$(awk -v a="$a" -v b="$b" 'BEGIN{printf "%.1f", 100*(b-a)/a}'),%,5"
