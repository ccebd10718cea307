#!/usr/bin/env bash
# Starts README's demo the way a new user does (the built jar, a fresh working directory, nothing
# else running) and checks what the user is promised: health UP (prints how long it took), the
# console closed to anonymous users, and stock flowing from the sandbox ERP to Back Market.
# Usage: scripts/demo-smoke.sh   (after ./mvnw -B -q -DskipTests package; uses port 8080)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
jar="$repo/target/kanal.jar"
[ -f "$jar" ] || { echo "no $jar: run ./mvnw -B -q -DskipTests package first" >&2; exit 2; }
base=http://localhost:8080
work=$(mktemp -d)
cp -r "$repo/routes" "$repo/clients" "$work/"
cd "$work"

started=$(date +%s%N)
java -Xmx512m -jar "$jar" > kanal.log 2>&1 &
pid=$!
stop() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
trap stop EXIT
fail() { echo "demo-smoke: FAILED: $*" >&2; tail -40 kanal.log >&2; exit 1; }

# 1. health UP; the bound is generous on purpose: the figure is printed, not asserted tightly
up=""
for _ in $(seq 1 1200); do
  kill -0 "$pid" 2>/dev/null || fail "Kanal exited during start-up"
  if curl -s -m 1 "$base/actuator/health" | grep -q '"status":"UP"'; then up=yes; break; fi
  sleep 0.1
done
[ -n "$up" ] || fail "/actuator/health not UP after 120 s"
echo "demo-smoke: /actuator/health UP $(( ($(date +%s%N) - started) / 1000000 )) ms after java -jar"

# 2. the console refuses anonymous access
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/actuator/hawtio/jolokia/version")
[ "$code" = 401 ] || fail "anonymous console request answered $code, expected 401"
echo "demo-smoke: anonymous console request refused with 401"

# 3. stock flows: the seeded ERP has 3 of IP8P-64-RG in MAG, Back Market's buffer is 1
bm_quantity() {
  curl -s -H 'Authorization: Basic demo-default' "$base/sandbox/backmarket/_control/listings" |
    python3 -c 'import json,sys; print(next((l["quantity"] for l in json.load(sys.stdin) if l["sku"]=="IP8P-64-RG"), ""))' 2>/dev/null || true
}
wait_for_quantity() {
  for _ in $(seq 1 120); do [ "$(bm_quantity)" = "$1" ] && return 0; sleep 0.5; done
  fail "Back Market's IP8P-64-RG is '$(bm_quantity)', expected $1"
}
wait_for_quantity 2
curl -s -f -X PUT -H 'Content-Type: application/json' \
  -d '[{"symbol":"IP8P-64-RG","warehouse":"MAG","onHand":6,"reserved":0}]' \
  "$base/sandbox/subiekt/acme/_control/stock" > /dev/null || fail "could not change ERP stock"
changed=$(date +%s%N)
wait_for_quantity 5
echo "demo-smoke: ERP stock change reached Back Market in $(( ($(date +%s%N) - changed) / 1000000 )) ms"
echo "demo-smoke: OK"
