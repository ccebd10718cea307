#!/usr/bin/env bash
# Starts README's demo the way a new user does (`scripts/kanal.sh -Xmx512m demo`, a fresh working
# directory, nothing else running) and checks what the user is promised: health UP (prints how
# long it took), a generated console password printed, the console closed to anonymous users,
# stock flowing from the sandbox ERP to Back Market, Walmart and BaseLinker when the curl command
# the demo prints is pasted as it is, and an order placed on the Walmart and on the BaseLinker
# sandbox becoming one ZK each in the ERP, acknowledged on its channel. The class-data sharing archive kanal.sh uses is made (once per build) before
# the clock starts; KANAL_CDS=off times plain `java -jar` instead, KANAL_JIT=full the JIT production runs.
# Usage: scripts/demo-smoke.sh   (after ./mvnw -B -q -DskipTests package; port SMOKE_PORT, default 8080)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
jar="$repo/target/kanal.jar"
[ -f "$jar" ] || { echo "no $jar: run ./mvnw -B -q -DskipTests package first" >&2; exit 2; }
port=${SMOKE_PORT:-8080}
base=http://localhost:$port
work=$(mktemp -d)
cp -r "$repo/routes" "$repo/clients" "$work/"
cd "$work"

"$repo/scripts/kanal.sh" --prepare-cds
started=$(date +%s%N)
env -u KANAL_ADMIN_PASSWORD -u KANAL_DB_URL SERVER_PORT="$port" "$repo/scripts/kanal.sh" -Xmx512m demo > kanal.log 2>&1 &
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
how=$([ "${KANAL_CDS:-on}" = off ] && echo 'plain java -jar' || echo 'class-data sharing archive')
how="$how, $([ "${KANAL_JIT:-}" = full ] && echo 'full JIT as in production' || echo "the demo's first-tier JIT")"
echo "demo-smoke: /actuator/health UP $(( ($(date +%s%N) - started) / 1000000 )) ms after start ($how)"

# 2. the console refuses anonymous access and opens with the printed password
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/actuator/hawtio/jolokia/version")
[ "$code" = 401 ] || fail "anonymous console request answered $code, expected 401"
password=$(sed -n 's/^ *password: \(.*\)$/\1/p' kanal.log | head -1)
[ -n "$password" ] || fail "no generated console password printed"
code=$(curl -s -o /dev/null -w '%{http_code}' -u "admin:$password" "$base/actuator/hawtio/jolokia/version")
[ "$code" = 200 ] || fail "the printed console password answered $code, expected 200"
echo "demo-smoke: anonymous console request refused with 401, the printed password logs in"

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
# the curl command the demo prints (onHand 1 of IP8P-64-RG), pasted as it is
hint=""
for _ in $(seq 1 120); do
  hint=$(sed -n '/^ *curl -X PUT/,/_control\/stock *$/p' kanal.log)
  [ -n "$hint" ] && break
  sleep 0.5
done
[ -n "$hint" ] || fail "the demo printed no curl command"
case "$hint" in *'{{'*|*'}}'*) fail "the printed curl command has doubled braces: $hint" ;; esac
bash -c "$hint" > /dev/null 2>&1 || fail "the printed curl command failed: $hint"
changed=$(date +%s%N)
wait_for_quantity 0
echo "demo-smoke: the printed curl command changed ERP stock; Back Market followed in $(( ($(date +%s%N) - changed) / 1000000 )) ms"

# 4. the other channels followed the same change: Walmart and BaseLinker show 0 of IP8P-64-RG
wm_auth=(-u acme-demo:demo-default)
bl_auth=(-H 'X-BLToken: demo-default')
wm_quantity() {
  curl -s "${wm_auth[@]}" "$base/sandbox/walmart/_control/inventory" |
    python3 -c 'import json,sys; print(json.load(sys.stdin).get("IP8P-64-RG", ""))' 2>/dev/null || true
}
bl_quantity() {
  curl -s "${bl_auth[@]}" "$base/sandbox/baselinker/_control/stock" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); d=d.get("products", d) if isinstance(d, dict) else d; print(next((p["total"] for p in d if p["sku"]=="IP8P-64-RG"), ""))' 2>/dev/null || true
}
for _ in $(seq 1 120); do [ "$(wm_quantity)" = 0 ] && [ "$(bl_quantity)" = 0 ] && break; sleep 0.5; done
[ "$(wm_quantity)" = 0 ] || fail "Walmart's IP8P-64-RG is '$(wm_quantity)', expected 0"
[ "$(bl_quantity)" = 0 ] || fail "BaseLinker's IP8P-64-RG is '$(bl_quantity)', expected 0"
echo "demo-smoke: Walmart and BaseLinker followed the same ERP change"

# 5. an order on each of them becomes one ZK (their orders are polled: up to a poll interval)
erp_orders_added() {
  curl -s "$base/sandbox/subiekt/acme/_control/gateway" | python3 -c 'import json,sys; print(json.load(sys.stdin)["ordersAdded"])'
}
before=$(erp_orders_added)
curl -sf -X POST "${wm_auth[@]}" -H 'Content-Type: application/json' -d '{"sku":"IP11-128-BK","quantity":1}' \
  "$base/sandbox/walmart/_control/orders" > /dev/null || fail "the Walmart sandbox took no order"
curl -sf -X POST "${bl_auth[@]}" -H 'Content-Type: application/json' -d '{"sku":"IP11-128-BK","quantity":1}' \
  "$base/sandbox/baselinker/_control/orders" > /dev/null || fail "the BaseLinker sandbox took no order"
placed=$(date +%s%N)
wm_acks() { curl -s "${wm_auth[@]}" "$base/sandbox/walmart/_control/acknowledgements" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
bl_in_progress() {
  curl -s "${bl_auth[@]}" "$base/sandbox/baselinker/_control/orders" |
    python3 -c 'import json,sys; d=json.load(sys.stdin); d=d.get("orders", d) if isinstance(d, dict) else d; print(sum(1 for o in d if str(o.get("order_status_id")) == "8003"))'
}
for _ in $(seq 1 300); do
  [ "$(erp_orders_added)" -ge $((before + 2)) ] && [ "$(wm_acks)" -ge 1 ] && [ "$(bl_in_progress)" -ge 1 ] && break
  sleep 0.5
done
[ "$(erp_orders_added)" = $((before + 2)) ] || fail "ZKs added: $(( $(erp_orders_added) - before )), expected 2 (one Walmart, one BaseLinker order)"
[ "$(wm_acks)" = 1 ] || fail "Walmart acknowledgements: $(wm_acks), expected 1"
[ "$(bl_in_progress)" = 1 ] || fail "BaseLinker orders set to In progress: $(bl_in_progress), expected 1"
echo "demo-smoke: a Walmart and a BaseLinker order became one ZK each and were acknowledged in $(( ($(date +%s%N) - placed) / 1000000 )) ms"
# 5. the second client, shop: its source is the sandbox WooCommerce shop; a stock edit there shows
# as on hand in its Back Market listing's quantity breakdown within the poll interval (5 s)
shop_listing() {
  curl -s -u "admin:$password" "$base/admin/clients/shop/listings" |
    python3 -c 'import json,sys; print(next((str(l["id"]) for l in json.load(sys.stdin) if l.get("channel_sku") == "SH-IPXR-64"), ""))'
}
shop_on_hand() {
  curl -s -u "admin:$password" "$base/admin/clients/shop/listings/$1/quantity" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["calculation"]["onHand"])' 2>/dev/null
}
listing=""
for _ in $(seq 1 60); do listing=$(shop_listing); [ -n "$listing" ] && break; sleep 0.5; done
[ -n "$listing" ] || fail "client shop has no Back Market listing of SH-IPXR-64"
product=10   # the first product of a sandbox shop (the demo's SH-IPXR-64)
curl -sf -X PUT -H 'Content-Type: application/json' -d '{"stock_quantity":2}' \
  "$base/sandbox/woocommerce/_control/shops/ck_shop-demo/products/$product/stock" > /dev/null || fail "the shop took no stock edit"
edited=$(date +%s%N)
for _ in $(seq 1 40); do [ "$(shop_on_hand "$listing")" = 2 ] && break; sleep 0.25; done
[ "$(shop_on_hand "$listing")" = 2 ] || fail "shop's listing $listing shows on hand '$(shop_on_hand "$listing")', expected 2"
echo "demo-smoke: a stock edit in shop's WooCommerce source was on hand in its listing's breakdown in $(( ($(date +%s%N) - edited) / 1000000 )) ms"

echo "demo-smoke: OK"
