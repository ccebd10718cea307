#!/usr/bin/env bash
# Kanal in production on the external broker of scripts/broker.sh: starts a fresh broker instance,
# starts the built jar against it (KANAL_BROKER_URL alone: no embedded broker starts), and checks through the broker's own
# management API (Jolokia, behind its web console) that every hop queue and its dead-letter queue
# exist with Kanal's redelivery and dead-letter settings and that Kanal consumes every hop queue;
# then stops both. Exit 1 on any failure. Not in .ci/run: the first run fetches Artemis (~47 MB).
# Usage: scripts/broker-smoke.sh   (after ./mvnw -B -q -DskipTests package)
# Database: KANAL_TEST_DB_URL (default jdbc:postgresql://127.0.0.1:5432/kanal_test), KANAL_TEST_DB_USER /
# KANAL_TEST_DB_PASSWORD (default kanal / kanal).
# Ports: SMOKE_PORT (Kanal, default 8091), SMOKE_BROKER_PORT (61716), SMOKE_CONSOLE_PORT (8261): not the
# defaults, so a broker already running on this machine is left alone.
# Broker files: SMOKE_BROKER_DIR (default <repository>/data/broker-smoke; its instance is recreated each run).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
jar="$repo/target/kanal.jar"
[ -f "$jar" ] || { echo "no $jar: run ./mvnw -B -q -DskipTests package first" >&2; exit 2; }
port=${SMOKE_PORT:-8091}
base=http://127.0.0.1:$port
run=$(date +%s%N | tail -c 9)
export KANAL_BROKER_DIR=${SMOKE_BROKER_DIR:-$repo/data/broker-smoke}
export KANAL_BROKER_HOST=127.0.0.1
export KANAL_BROKER_PORT=${SMOKE_BROKER_PORT:-61716}
export KANAL_BROKER_CONSOLE_PORT=${SMOKE_CONSOLE_PORT:-8261}
export KANAL_BROKER_USER=kanal
export KANAL_BROKER_PASSWORD=smoke-broker-$run
console=http://127.0.0.1:$KANAL_BROKER_CONSOLE_PORT
work=$(mktemp -d)
cp -r "$repo/routes" "$work/"
mkdir -p "$work/clients"
cd "$work"
pid=""

fail() {
  echo "broker-smoke: FAILED: $*" >&2
  [ -f kanal.log ] && tail -30 kanal.log >&2
  exit 1
}
stop() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  "$repo/scripts/broker.sh" stop > /dev/null || true
}
trap stop EXIT

# 1. a fresh broker instance (the downloaded distribution is kept between runs)
rm -rf "$KANAL_BROKER_DIR/instance"
"$repo/scripts/broker.sh" start || fail "scripts/broker.sh start"
"$repo/scripts/broker.sh" status > /dev/null || fail "scripts/broker.sh status after start"

# 2. Kanal in production mode on it
env -u KANAL_SANDBOX_ENABLED -u KANAL_DEMO_SEED -u KANAL_BROKER_MODE \
  KANAL_DB_URL="${KANAL_TEST_DB_URL:-jdbc:postgresql://127.0.0.1:5432/kanal_test}" \
  KANAL_DB_USER="${KANAL_TEST_DB_USER:-kanal}" KANAL_DB_PASSWORD="${KANAL_TEST_DB_PASSWORD:-kanal}" \
  KANAL_ADMIN_PASSWORD="smoke-admin-$run" SERVER_PORT="$port" KANAL_DATA_DIR="$work/data" \
  KANAL_BROKER_URL="tcp://127.0.0.1:$KANAL_BROKER_PORT" \
  java -Xmx512m -jar "$jar" > kanal.log 2>&1 &
pid=$!
up=""
for _ in $(seq 1 300); do
  kill -0 "$pid" 2>/dev/null || fail "Kanal exited during start-up"
  if curl -s -m 2 "$base/actuator/health" | grep -q '"status":"UP"'; then up=yes; break; fi
  sleep 1
done
[ -n "$up" ] || fail "/actuator/health not UP after 300 s"
[ ! -d "$work/data/artemis" ] || fail "Kanal started an embedded broker journal in $work/data/artemis"
echo "broker-smoke: Kanal's /actuator/health is UP on the external broker"

# 3. what the broker says, through the console's Jolokia (it accepts the console's own origin only)
jolokia() {
  curl -s -m 10 -u "$KANAL_BROKER_USER:$KANAL_BROKER_PASSWORD" -H "Origin: $console" \
    -H 'Content-Type: application/json' -d "$1" "$console/console/jolokia/"
}
broker_mbean='org.apache.activemq.artemis:broker=\"kanal\"'
queues=$(grep -E '^\s+name: kanal\.' "$repo/src/main/resources/application.yaml" | awk '{print $2}')
[ -n "$queues" ] || fail "no hop queue names found in application.yaml"
names=$(jolokia "{\"type\":\"read\",\"mbean\":\"$broker_mbean\",\"attribute\":\"QueueNames\"}")
consumers_for() {
  jolokia "{\"type\":\"read\",\"mbean\":\"org.apache.activemq.artemis:broker=\\\"kanal\\\",component=addresses,address=\\\"$1\\\",subcomponent=queues,routing-type=\\\"anycast\\\",queue=\\\"$1\\\"\",\"attribute\":\"ConsumerCount\"}"
}
settings_for() {
  jolokia "{\"type\":\"exec\",\"mbean\":\"$broker_mbean\",\"operation\":\"getAddressSettingsAsJSON\",\"arguments\":[\"$1\"]}"
}
for queue in $queues; do
  for name in "$queue" "$queue.dlq"; do
    python3 -c 'import json,sys; r=json.loads(sys.argv[1]); sys.exit(0 if r.get("status")==200 and sys.argv[2] in r["value"] else 1)' \
      "$names" "$name" || fail "queue $name is not on the broker: $names"
  done
  python3 -c '
import json, sys
r = json.loads(sys.argv[1]); queue = sys.argv[2]
s = json.loads(r["value"])
want = {"deadLetterAddress": queue + ".dlq", "maxDeliveryAttempts": 5, "redeliveryDelay": 1000,
        "redeliveryMultiplier": 2.0, "maxRedeliveryDelay": 60000, "autoCreateDeadLetterResources": False}
wrong = {k: s.get(k) for k, v in want.items() if s.get(k) != v}
sys.exit("settings of %s differ: %s" % (queue, wrong) if wrong else 0)' "$(settings_for "$queue")" "$queue" \
    || fail "the broker does not apply docker/artemis/broker.properties to $queue"
  python3 -c 'import json,sys; r=json.loads(sys.argv[1]); sys.exit(0 if r.get("status")==200 and r["value"]>=1 else 1)' \
    "$(consumers_for "$queue")" || fail "no consumer on $queue: $(consumers_for "$queue")"
done
echo "broker-smoke: every hop queue and its DLQ is on the broker with Kanal's settings, and Kanal consumes every hop queue"

# 4. both stop cleanly
kill "$pid"
wait "$pid" || true
pid=""
grep -q "Shutdown\|shutdown" kanal.log || fail "Kanal did not log its shutdown"
"$repo/scripts/broker.sh" stop || fail "scripts/broker.sh stop"
if "$repo/scripts/broker.sh" status > /dev/null; then fail "the broker still runs after stop"; fi
echo "broker-smoke: OK"
