#!/usr/bin/env bash
# Follows docs/onboarding.md against a running demo (scripts/kanal.sh demo): onboards a second
# client from docs/client-template.yaml with one Back Market account in dry-run, up to its
# preview, then live, and prints the wall time. Every step is the document's, through the admin
# API and the demo's sandboxes; nothing here reaches a real channel (the template's defaults
# point at this Kanal's sandboxes).
#
# Usage: KANAL_ADMIN_PASSWORD=... scripts/onboard-demo.sh [client-id]
# Environment: KANAL_URL (default http://127.0.0.1:8080), KANAL_ADMIN_USER (admin),
# KANAL_CLIENTS_DIR (the demo's clients folder, default ./clients), KANAL_JAR (target/kanal.jar).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
client=${1:-beta}
url=${KANAL_URL:-http://127.0.0.1:8080}
auth="${KANAL_ADMIN_USER:-admin}:${KANAL_ADMIN_PASSWORD:?set KANAL_ADMIN_PASSWORD to the demo admin password}"
clients=${KANAL_CLIENTS_DIR:-./clients}
jar=${KANAL_JAR:-$repo/target/kanal.jar}
token="$client-demo-token"
file="$clients/$client.yaml"
started=$(date +%s)
say() { printf '[%4ss] %s\n' "$(( $(date +%s) - started ))" "$*"; }
api() { curl -sS -f -u "$auth" -H 'Content-Type: application/json' "$@"; }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {}, {'d': d}))" "$1"; }
until_true() { # until_true <seconds> <description> <command...>
  local limit=$1 what=$2; shift 2
  for _ in $(seq 1 "$limit"); do "$@" && return 0; sleep 1; done
  echo "onboard-demo: gave up waiting for $what" >&2; exit 1
}

# 1. The client file from the template, its account in dry-run; checked before Kanal sees it
[ -e "$file" ] && { echo "onboard-demo: $file exists already: choose another client id" >&2; exit 2; }
sed -e "s/CLIENT_ID/$client/g" -e "s/CLIENT_NAME/Onboarding demo client $client/" "$repo/docs/client-template.yaml" > "$file.new"
mv "$file.new" "$file"
say "1. $file written from docs/client-template.yaml (mode: dry-run)"
java -jar "$jar" validate "$file" | sed 's/^/     /'

# 2. Reload the client files: the new client is there without a restart
api -X POST "$url/admin/clients/reload" | json '"     added: " + ", ".join(d["added"])'
say "2. client files reloaded"

# 3. The demo's sandboxes stand in for the client's ERP and Back Market seller account
python3 - "$url" "$client" "$token" <<'PY'
import json, sys, urllib.request
url, client, token = sys.argv[1:4]
def send(method, path, body, headers=None):
    request = urllib.request.Request(url + path, data=json.dumps(body).encode(), method=method,
                                     headers={"Content-Type": "application/json", **(headers or {})})
    return json.load(urllib.request.urlopen(request))
models = ["%s-PHONE-%02d" % (client.upper(), i) for i in range(1, 13)]
send("PUT", "/sandbox/subiekt/%s/_control/stock" % client,
     [{"symbol": m, "name": m, "warehouse": "MAG", "onHand": 2 + i % 5, "reserved": 0, "blocked": False} for i, m in enumerate(models)])
# the seller's listings: most show a stale quantity, two are right already, one sells a SKU the ERP does not know
listings = [{"sku": m, "title": m, "quantity": (2 + i % 5) if i < 2 else 0} for i, m in enumerate(models)]
listings.append({"sku": client.upper() + "-UNKNOWN", "title": "not in the ERP", "quantity": 4})
send("POST", "/sandbox/backmarket/_control/listings", listings, {"Authorization": "Basic " + token})
print("     ERP: %d SKUs in MAG; Back Market seller: %d listings" % (len(models), len(listings)))
PY
say "3. sandbox ERP stock and Back Market listings made"

# 4. Import the listings as a job and follow its progress. Listings map by SKU to what the ERP's
#    polls brought in: imported before the first poll, they are unmapped, and importing again
#    (it is an upsert) maps them
job_state() { # prints the job's progress line; succeeds once it is no longer running
  api "$url/admin/clients/$client/listing-imports/$1" | python3 -c 'import json,sys
d = json.load(sys.stdin)
print("     import %s %s: %s of %s listings, %s pages, ETA %s s" % (d["id"], d["state"], d["listings"], d["total"], d["pages"], d["etaSeconds"]))
sys.exit(0 if d["state"] != "running" else 1)'
}
for attempt in $(seq 1 30); do
  job=$(api -X POST "$url/admin/clients/$client/accounts/backmarket-fr/listings/import" | json 'd["id"]')
  until_true 120 "listing import $job" job_state "$job"
  unmapped=$(api "$url/admin/clients/$client/listing-imports/$job" | json 'd["summary"]["unmapped"]')
  [ "$unmapped" = 1 ] && break
  echo "     $unmapped unmapped: the ERP's first poll has not brought the SKUs in yet; importing again"
  sleep 2
done
say "4. listings imported: one unmapped (the SKU the ERP does not have)"

# 5. The preview: what Kanal would push, and what is unmapped; the seller received no write
until_true 60 "the preview" sh -c "curl -sf -u '$auth' '$url/admin/clients/$client/accounts/backmarket-fr/preview' \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); sys.exit(0 if d[\"changeCount\"] > 0 else 1)'"
api "$url/admin/clients/$client/accounts/backmarket-fr/preview" > /tmp/onboard-$client-preview.json
python3 - /tmp/onboard-$client-preview.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("     %s, %d listings: %d would change, %d unmapped" % (d["mode"], d["listings"], d["changeCount"], d["unmappedCount"]))
for c in d["changes"]:
    k = c["why"]["calculation"]
    print("     %-14s now %-3s would send %-3s (on hand %s - allocated %s - buffer %s)" % (
        c["channelSku"], c["channelQuantity"], c["wouldSend"], k["onHand"], k["allocated"], k["buffer"]))
for u in d["unmapped"]:
    print("     unmapped: %s %s" % (u["channelSku"], u["title"]))
PY
writes=$(curl -sf -H "Authorization: Basic $token" "$url/sandbox/backmarket/_control/stats" | json 'd["listingUpdates"]')
say "5. preview read; listing updates the seller received so far: $writes"
[ "$writes" = 0 ] || { echo "onboard-demo: a dry-run account was written to" >&2; exit 1; }

# 6. Live: the file says so, reloaded; the previewed differences are pushed
sed -i 's/^    mode: dry-run$/    mode: live/' "$file"
api -X POST "$url/admin/clients/reload" | json '"     now live: " + ", ".join(d["nowLive"])'
say "6. $client/backmarket-fr switched live"
check_pushed() {
  python3 - "$url" "$token" /tmp/onboard-$client-preview.json <<'PY'
import json, sys, urllib.request
url, token, preview = sys.argv[1:4]
want = {c["channelListingId"]: c["wouldSend"] for c in json.load(open(preview))["changes"]}
request = urllib.request.Request(url + "/sandbox/backmarket/_control/listings", headers={"Authorization": "Basic " + token})
have = {l["id"]: l["quantity"] for l in json.load(urllib.request.urlopen(request))}
sys.exit(0 if all(have.get(i) == q for i, q in want.items()) else 1)
PY
}
until_true 120 "the previewed quantities on the seller's listings" check_pushed
writes=$(curl -sf -H "Authorization: Basic $token" "$url/sandbox/backmarket/_control/stats" | json 'd["listingUpdates"]')
say "7. the seller's listings show the previewed quantities ($writes listing updates received)"
echo "onboard-demo: $client onboarded from template to previewed to live in $(( $(date +%s) - started )) s"
