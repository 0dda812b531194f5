#!/usr/bin/env bash
# Compiles the example task classes against the pipeline jar and packages greeting.jar.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/../.."
"$root/bin/pipeline" --version >/dev/null          # builds cli/target/pipeline.jar if needed
rm -rf "$here/build" && mkdir -p "$here/build"
javac --release 17 -d "$here/build" -cp "$root/cli/target/pipeline.jar" \
  $(find "$here/src" -name '*.java')
cp -r "$here/META-INF" "$here/build/"
jar --create --file "$here/greeting.jar" -C "$here/build" .
echo "built $here/greeting.jar"
