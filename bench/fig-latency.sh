#!/usr/bin/env bash
# CLI latency (issue 20): --help, --version, index, completion, and status / graph on a 100-task
# graph, each a fresh JVM through bin/pipeline (JVM start included). Per command: median wall time
# (target 0.25 s), median CPU time (user + sys: what the command costs, stable under load) and the
# number of classes the JVM loads. REPEATS (default 5) runs each.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work="$(mktemp -d "$base/pipeline-latency.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$pipeline" --version >/dev/null   # builds the jar and its class archive once, untimed
"$pipeline" run Fan --n 99 --out "$work/fan" --run-dir "$work" >/dev/null
fan=(Fan --n 99 --out "$work/fan" --run-dir "$work")
declare -a names=(help version index completion status-100 graph-100)
declare -a commands=("--help" "--version" "index" "completion bash" "status" "graph")
for k in "${!names[@]}"; do
  args=(${commands[$k]})
  case "${names[$k]}" in status-100|graph-100) args+=("${fan[@]}") ;; esac
  read -r wall cpu rss < <(timed_median "$repeats" "$pipeline" "${args[@]}")
  classes="$(PIPELINE_JAVA_OPTS="-Xlog:class+load:file=$work/classes.txt" "$pipeline" "${args[@]}" >/dev/null 2>&1; wc -l <"$work/classes.txt")"
  row "latency ${names[$k]} wall" "$wall" s 0.25
  row "latency ${names[$k]} cpu" "$cpu" s
  row "latency ${names[$k]} classes loaded" "$classes" classes
done
