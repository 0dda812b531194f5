#!/usr/bin/env bash
# S3 existence benchmark: 10,000 targets under one prefix against the in-process S3 server
# (S3Proxy, HTTP on localhost), checked by one paginated ListObjectsV2 listing and, in the same
# run, by one HEAD per object. Target: the listing within 1 s.
#
#   bench/s3-exists.sh            # 3 repeats (each a fresh JVM and a freshly seeded bucket)
#   REPEATS=5 bench/s3-exists.sh
#
# Output: CSV on stdout: workload,targets,listing_s,head_per_object_s (one row per repeat, then
# the medians and their ratio on a comment line).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
repeats="${REPEATS:-3}"
csv="$root/engine/target/s3-existence-benchmark.csv"
cd "$root"
rm -f "$csv"
for ((r = 0; r < repeats; r++)); do
  # Maven compiles once; later repeats find the classes up to date.
  if ! mvn -B -q -ntp test -pl engine -Dtest=S3ExistenceBenchmarkTest -Dpipeline.bench=true \
      -Dsurefire.failIfNoSpecifiedTests=false >/tmp/s3-bench.$$.log 2>&1; then
    cat /tmp/s3-bench.$$.log >&2; rm -f /tmp/s3-bench.$$.log; exit 1
  fi
done
rm -f /tmp/s3-bench.$$.log
echo "workload,targets,listing_s,head_per_object_s"
cat "$csv"
listing="$(cut -d, -f3 "$csv" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
head="$(cut -d, -f4 "$csv" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
awk -v l="$listing" -v h="$head" 'BEGIN {printf "# medians: listing %.3f s, HEAD per object %.3f s (%.0fx)\n", l, h, h / l}'
