#!/usr/bin/env bash
# Foreign-client contract test: Confluent's @confluentinc/schemaregistry (npm) against our registry and pipeline.
# Builds the notes jar, starts `notes up` (embedded broker, registry, publisher, views, sinks) on free ports with a
# known admin token, exports the built-in contract of notes.events (ExportContract.java), installs the JS client
# from the lock file and runs js/contract.js, which also produces its serialized bytes unchanged to notes.events
# (ProduceBytes.java) and reads them back from the views. Needs Java 17, Maven (offline is fine) and Node 20 + npm.
# SKIP_BUILD=1 reuses app/target/notes.jar.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
if [ "${SKIP_BUILD:-}" != "1" ]; then
  mvn -q -B -o -pl app -am package -DskipTests -Dweb.skip
fi
jar="$root/app/target/notes.jar"
java -cp "$jar" "$here/ExportContract.java" > "$here/js/notes-events.contract.json"
data="$(mktemp -d)"
log="$data/notes-up.log"
token="interop-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
NOTES_ADMIN_TOKEN="$token" java -jar "$jar" up --data-dir "$data/data" --kafka-port 0 --http-port 0 --registry-port 0 \
    > "$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 180); do
  grep -q '^notes up: running' "$log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
grep -q '^notes up: running' "$log" || { echo "notes up did not start"; tail -50 "$log"; exit 1; }
registry="$(sed -n 's/^notes up: schema registry \([^ ]*\).*/\1/p' "$log")"
api="$(sed -n 's/^notes up: HTTP API \([^ ]*\).*/\1/p' "$log")"
bootstrap="$(sed -n 's/^notes up: Kafka bootstrap \([^ ]*\).*/\1/p' "$log")"
echo "notes up: registry $registry, API $api, Kafka $bootstrap"
cd "$here/js"
npm ci --no-audit --no-fund --loglevel=error
NOTES_ADMIN_TOKEN="$token" NOTES_API_URL="$api" NOTES_BOOTSTRAP="$bootstrap" NOTES_JAR="$jar" \
    PRODUCE_BYTES="$here/ProduceBytes.java" node contract.js "$registry" notes-events.contract.json
