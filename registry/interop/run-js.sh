#!/usr/bin/env bash
# Foreign-client contract test: Confluent's @confluentinc/schemaregistry (npm) against our registry.
# Starts the embedded broker + registry (RunRegistry.java, port 18081), exports the built-in contract of
# notes.events (ExportContract.java), installs the JS client from the lock file and runs js/contract.js.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
mvn -q -B -o -pl registry -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=/tmp/notes-interop-cp.txt -Dmdep.includeScope=test
CP="$root/registry/target/classes:$root/schemas/target/classes:$(cat /tmp/notes-interop-cp.txt)"
java -cp "$CP" "$here/ExportContract.java" > "$here/js/notes-events.contract.json"
log="$(mktemp)"
java -cp "$CP" "$here/RunRegistry.java" > "$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do
  grep -q '^READY' "$log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
grep '^READY' "$log"
cd "$here/js"
npm ci --no-audit --no-fund --loglevel=error
node contract.js http://localhost:18081 notes-events.contract.json
