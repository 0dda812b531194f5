#!/usr/bin/env bash
# JDK 17 (AppCDS archive) vs JDK 25 (ahead-of-time cache, JEP 483/514/515) through the same
# bin/pipeline: Fan 10,000 cold and resume (targets 1.0 s and 0.35 s), --version and status on a
# 100-task graph. JDK25_HOME (default: the first /usr/lib/jvm/*25* or /opt/*jdk*25*) names the
# JDK 25; without one, only JDK 17 rows are printed. Medians of REPEATS (default 5) runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
work="$(mktemp -d "$base/pipeline-jdk.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export PIPELINE_JAVA_OPTS="${PIPELINE_JAVA_OPTS:--Xmx2g}"
jdk25="${JDK25_HOME:-$(ls -d /usr/lib/jvm/*25* /opt/*jdk*25* 2>/dev/null | head -1 || true)}"
jdks=("17:$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
[ -n "$jdk25" ] && [ -x "$jdk25/bin/java" ] && jdks+=("25:$jdk25")
path="$PATH"
for entry in "${jdks[@]}"; do
  jdk="jdk${entry%%:*}"
  export PATH="${entry#*:}/bin:$path"
  "$pipeline" --version >/dev/null   # this JDK's class archive, untimed
  read -r cold cold_cpu resume resume_cpu < <(fan_cold_resume 10000 "$work/fan")
  row "$jdk Fan-10000 cold wall" "$cold" s 1.0
  row "$jdk Fan-10000 cold cpu" "$cold_cpu" s
  row "$jdk Fan-10000 resume wall" "$resume" s 0.35
  row "$jdk Fan-10000 resume cpu" "$resume_cpu" s
  "$pipeline" run Fan --n 99 --out "$work/small" --run-dir "$work" >/dev/null
  read -r wall cpu _ < <(timed_median "$repeats" "$pipeline" --version)
  row "$jdk --version wall" "$wall" s 0.25
  row "$jdk --version cpu" "$cpu" s
  read -r wall cpu _ < <(timed_median "$repeats" "$pipeline" status Fan --n 99 --out "$work/small" --run-dir "$work")
  row "$jdk status-100 wall" "$wall" s 0.25
  row "$jdk status-100 cpu" "$cpu" s
done
