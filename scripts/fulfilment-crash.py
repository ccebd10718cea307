#!/usr/bin/env python3
"""Kills Kanal with SIGKILL while orders flow in and ship out, and checks every side effect on every side.

The rounds of scripts/order-crash.py (orders placed on the Back Market and WooCommerce sandboxes,
Kanal killed and restarted once a round), plus a warehouse: while orders flow, the script
realizes every ZK Kanal wrote into shipments in the sandbox ERP
(POST /sandbox/subiekt/<client>/_control/shipments with carrier, tracking and one IMEI per unit),
half of the two-line orders in two parcels (one act per line, a few seconds apart). Kanal's
shipment poller reads the WZs, records them and sends them to the channels while being killed.

After the last round it waits (bounded) until settled, then counts:
  - channels: every Back Market order with each line in state 3, the tracking of the parcel that
    completed it and each line's IMEI, after exactly one ship call (new_state 3) received; every
    WooCommerce order completed with exactly one _wc_shipment_tracking_items entry and one note
    per parcel, after exactly one order edit per parcel received;
  - the ERP: each ZK realized by exactly the WZs the warehouse asked for;
  - Kanal: one shipment row per WZ, confirmed on its channel, no channel error; orders SHIPPED;
    0 acknowledgements owed (view acknowledgement_owed); 0 messages in any kanal.*.dlq (Jolokia).
Any mismatch fails the run (exit 1).

Usage (PostgreSQL and a built jar as for scripts/order-crash.py, whose database settings it shares):
    scripts/fulfilment-crash.py                          # 1,000 orders, 10 rounds
    scripts/fulfilment-crash.py --orders 100 --rounds 2  # a quick run
Figures go to stdout and to target/crash/<run>/result.txt.
"""
import argparse
import importlib.util
import os
import random
import re
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("order_crash", os.path.join(HERE, "order-crash.py"))
order_crash = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(order_crash)
http = order_crash.http

ZK, WZ = 16, 11


class Warehouse:
    """The client's warehouse: ships every ZK it finds in the ERP, some in two parcels."""

    def __init__(self, run):
        self.run = run
        self.acts = {}        # reference -> [{"tracking", "skus", "serials", "document"}], in the order asked
        self.planned = {}     # reference -> the ZK's SKUs, once seen
        self.second = {}      # reference -> (when, SKU) of a two-parcel order's second parcel
        self.refused = []     # (reference, status, answer) the ERP refused
        self.next_imei = 350000000000001
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.work, daemon=True)
        self.error = None

    def start(self):
        self.thread.start()

    def stop(self):
        self.stopping.set()
        self.thread.join(30)

    def work(self):
        try:
            while not self.stopping.is_set():
                self.tick()
                self.stopping.wait(1)
        except Exception as e:  # noqa: BLE001 - reported in the verdict, never silently lost
            self.error = repr(e)
            raise

    def zks(self):
        """Reference -> {SKU: quantity} of every ZK in the ERP."""
        rows = self.run.db.query("""
            SELECT d.dok_NrPelnyOryg, t.tw_Symbol, sum(p.ob_Ilosc)
              FROM {s}.dok__Dokument d JOIN {s}.dok_Pozycja p ON p.ob_DokHanId = d.dok_Id JOIN {s}.tw__Towar t ON t.tw_Id = p.ob_TowId
             WHERE d.dok_Typ = {zk} GROUP BY d.dok_NrPelnyOryg, t.tw_Symbol""".format(s=self.run.erp_schema, zk=ZK))
        zks = {}
        for ref, sku, quantity in rows:
            zks.setdefault(ref, {})[sku] = int(float(quantity))
        return zks

    def tick(self):
        now = time.time()
        for ref, lines in self.zks().items():
            if ref in self.planned:
                continue
            self.planned[ref] = dict(lines)
            skus = sorted(lines)
            if len(skus) == 2 and random.random() < 0.5:
                self.ship(ref, {skus[0]: lines[skus[0]]}, partial=True)
                self.second[ref] = (now + random.uniform(2, 6), skus[1])
            else:
                self.ship(ref, lines, partial=False)
        for ref, (when, sku) in list(self.second.items()):
            if when <= now:
                del self.second[ref]
                self.ship(ref, {sku: self.planned[ref][sku]}, partial=True)

    def ship(self, ref, lines, partial):
        parcel = len(self.acts.get(ref, [])) + 1
        tracking = "TRK-%s-%d" % (ref.replace(":", "-"), parcel)
        serials = {}
        for sku, quantity in lines.items():
            serials[sku] = []
            for _ in range(quantity):
                serials[sku].append("%015d" % self.next_imei)
                self.next_imei += 1
        body = {"reference": ref, "carrier": "DPD", "tracking": tracking,
                "tracking_url": "https://tracking.dpd.example/parcels/" + tracking, "serials": serials}
        if partial:
            body["lines"] = [{"sku": sku, "quantity": quantity} for sku, quantity in lines.items()]
        status, answer = http("POST", "%s/subiekt/%s/_control/shipments" % (self.run.sandbox_url, self.run.client), body)
        if status != 201:
            self.refused.append((ref, status, answer))
            return
        self.acts.setdefault(ref, []).append({"tracking": tracking, "skus": sorted(lines), "serials": serials,
                                              "document": answer["document"]})

    def done_with(self, ref):
        return ref in self.planned and ref not in self.second


class FulfilmentRun(order_crash.Run):

    def __init__(self, args):
        super().__init__(args)
        self.warehouse = Warehouse(self)

    # ------------------------------------------------------------------ reading every side
    def kanal_shipments(self):
        rows = self.db.query("""
            SELECT a.code || ':' || o.channel_order_id, s.source_ref, coalesce(s.tracking_number, ''),
                   CASE WHEN s.channel_confirmed_at IS NULL THEN 'no' ELSE 'yes' END, coalesce(s.channel_error, '')
              FROM shipment s JOIN sales_order o ON o.id = s.order_id JOIN client c ON c.id = o.client_id
              JOIN channel_account a ON a.id = o.channel_account_id
             WHERE c.code = '%s'""" % self.client)
        shipments = {}
        for ref, document, tracking, confirmed, error in rows:
            shipments.setdefault(ref, []).append({"document": document, "tracking": tracking,
                                                  "confirmed": confirmed == "yes", "error": error})
        return shipments

    def erp_issues(self):
        """Reference -> WZ numbers realizing its ZK."""
        rows = self.db.query("SELECT dok_NrPelnyOryg, dok_NrPelny FROM %s.dok__Dokument WHERE dok_Typ = %d"
                             % (self.erp_schema, WZ))
        issues = {}
        for ref, number in rows:
            issues.setdefault(ref, []).append(number)
        return issues

    def shipping_settled(self):
        orders = self.kanal_orders()
        in_erp = self.erp_documents()
        refs = ["%s:%s" % key for key in self.placed if "%s:%s" % key in in_erp]
        if not all(self.warehouse.done_with(ref) for ref in refs):
            return False
        shipments = self.kanal_shipments()
        for ref in refs:
            mine = shipments.get(ref, [])
            if len(mine) < len(self.warehouse.acts.get(ref, [])) or any(not s["confirmed"] and not s["error"] for s in mine):
                return False
        return len(orders) >= len(self.placed)

    def settled(self):
        return super().settled() and self.shipping_settled()

    # ------------------------------------------------------------------ the verdict
    def backmarket_order(self, order_id):
        status, body = http("GET", "%s/backmarket/_control/orders/%s" % (self.sandbox_url, order_id), None,
                            {"Authorization": "Basic " + self.bm_token})
        assert status == 200, ("Back Market order", order_id, status, body)
        return body

    def woo_order(self, order_id):
        base = "%s/woocommerce/_control/shops/%s/orders/%s" % (self.sandbox_url, urllib.parse.quote(self.woo_key), order_id)
        status, order = http("GET", base)
        assert status == 200, ("WooCommerce order", order_id, status, order)
        status, writes = http("GET", base + "/api-writes")
        assert status == 200, ("WooCommerce api-writes", order_id, status, writes)
        return order, writes

    def check_channel(self, key, acts, problems, figures):
        """Whether the channel shows the order shipped exactly once as the warehouse sent it; adds what is wrong to problems."""
        account, order_id = key
        ref = "%s:%s" % key
        before = len(problems)
        self.check_channel_order(key, acts, problems, figures)
        return len(problems) == before

    def check_channel_order(self, key, acts, problems, figures):
        account, order_id = key
        ref = "%s:%s" % key
        if account == "bm":
            order = self.backmarket_order(order_id)
            ship_calls = order.get("ship_calls", 0)
            figures["bm_ship_calls"] += ship_calls
            if ship_calls > 1:
                figures["duplicate_ship_calls"] += ship_calls - 1
                problems.append("%s: %d ship calls received" % (ref, ship_calls))
            expected_tracking = acts[-1]["tracking"]  # Back Market ships an order once: the parcel completing it
            if order.get("tracking_number") != expected_tracking:
                problems.append("%s: tracking %r on Back Market, expected %r" % (ref, order.get("tracking_number"), expected_tracking))
            imei = {sku: serials[0] for act in acts for sku, serials in act["serials"].items()}
            patches = order.get("orderline_patches", {})
            for line in order["orderlines"]:
                if line["state"] != 3:
                    problems.append("%s: line %s in state %s, not 3" % (ref, line["id"], line["state"]))
                if line.get("imei") != imei.get(line["listing"]):
                    problems.append("%s: line %s imei %r, expected %r" % (ref, line["id"], line.get("imei"), imei.get(line["listing"])))
                calls = int(patches.get(str(line["id"]), 0))
                figures["bm_imei_patches"] += calls
                if calls > 1:
                    figures["repeated_imei_patches"] += calls - 1
            return
        order, writes = self.woo_order(order_id)
        expected = [act["tracking"] for act in acts]
        items = []
        for meta in order.get("meta_data", []):
            if meta.get("key") == "_wc_shipment_tracking_items":
                items = [item.get("tracking_number") for item in meta.get("value") or []]
        notes = writes["notes"]
        figures["woo_edits"] += writes["api_edits"]
        figures["woo_notes"] += writes["api_notes"]
        if order.get("status") != "completed":
            problems.append("%s: WooCommerce status %s, not completed" % (ref, order.get("status")))
        if sorted(items) != sorted(expected):
            problems.append("%s: tracking items %s, expected %s" % (ref, items, expected))
        for tracking in expected:
            if sum(1 for note in notes if tracking in note) != 1:
                problems.append("%s: %d notes name %s" % (ref, sum(1 for note in notes if tracking in note), tracking))
        if len(notes) != len(expected):
            problems.append("%s: %d notes for %d parcels" % (ref, len(notes), len(expected)))
        if writes["api_edits"] > len(expected):
            figures["duplicate_ship_calls"] += writes["api_edits"] - len(expected)
            problems.append("%s: %d order edits received for %d parcels" % (ref, writes["api_edits"], len(expected)))

    def fulfilment_verdict(self):
        warehouse = self.warehouse
        orders = self.kanal_orders()
        in_erp = self.erp_documents()
        issues = self.erp_issues()
        shipments = self.kanal_shipments()
        problems = []
        figures = dict.fromkeys(["bm_ship_calls", "duplicate_ship_calls", "bm_imei_patches", "repeated_imei_patches",
                                 "woo_edits", "woo_notes"], 0)
        to_ship = [key for key in self.placed if "%s:%s" % key in in_erp]
        two_parcels = sum(1 for key in to_ship if len(warehouse.acts.get("%s:%s" % key, [])) == 2)
        parcels = sum(len(acts) for acts in warehouse.acts.values())
        self.say("warehouse: %d ZKs realized in %d WZs (%d orders in two parcels); acts the ERP refused: %d"
                 % (len(warehouse.acts), parcels, two_parcels, len(warehouse.refused)))
        for ref, status, answer in warehouse.refused[:10]:
            problems.append("ERP refused the act for %s: %s %s" % (ref, status, str(answer)[:200]))
        if warehouse.error:
            problems.append("the warehouse stopped: " + warehouse.error)
        shipped_once, not_shipped = 0, []
        erp_mismatch, kanal_mismatch = 0, 0
        for key in to_ship:
            ref = "%s:%s" % key
            acts = warehouse.acts.get(ref, [])
            if not acts:
                not_shipped.append(ref)
                problems.append("%s: in the ERP but never realized by the warehouse" % ref)
                continue
            asked = sorted(act["document"] for act in acts)
            if sorted(issues.get(ref, [])) != asked:
                erp_mismatch += 1
                problems.append("%s: WZs in the ERP %s, asked for %s" % (ref, sorted(issues.get(ref, [])), asked))
            mine = shipments.get(ref, [])
            by_document = {s["document"]: s for s in mine}
            tracking = {act["document"]: act["tracking"] for act in acts}
            if len(mine) != len(acts) or sorted(by_document) != asked \
                    or any(not s["confirmed"] or s["error"] or s["tracking"] != tracking.get(s["document"]) for s in mine):
                kanal_mismatch += 1
                problems.append("%s: Kanal's shipments %s, WZs %s" % (ref, mine, asked))
            status = orders.get(key, [None, None, None])[2]
            if status not in ("SHIPPED", "DELIVERED"):
                problems.append("%s: order %s in Kanal, not SHIPPED" % (ref, status))
            if self.check_channel(key, acts, problems, figures) and status in ("SHIPPED", "DELIVERED"):
                shipped_once += 1
        stray = [ref for ref in shipments if tuple(ref.split(":", 1)) not in set(self.placed)]
        for ref in stray:
            problems.append("%s: Kanal shipment for an order never placed" % ref)
        kanal_rows = sum(len(rows) for rows in shipments.values())
        erp_wz = sum(len(numbers) for numbers in issues.values())
        self.say("ERP: %d WZ documents for %d asked; ZKs realized other than asked: %d" % (erp_wz, parcels, erp_mismatch))
        self.say("Kanal: %d shipment rows for %d WZs; orders whose shipments differ from their WZs: %d"
                 % (kanal_rows, erp_wz, kanal_mismatch))
        self.say("channels: shipped exactly once with their tracking: %d of %d orders in the ERP (%d Back Market, %d WooCommerce); "
                 "not shipped: %d" % (shipped_once, len(to_ship), sum(1 for k in to_ship if k[0] == "bm"),
                                      sum(1 for k in to_ship if k[0] == "woo"), len(to_ship) - shipped_once))
        self.say("ship calls received: Back Market new_state 3: %d (duplicates: %d), IMEI PATCHes: %d (repeated: %d); "
                 "WooCommerce order edits: %d, notes: %d" % (figures["bm_ship_calls"], figures["duplicate_ship_calls"],
                                                            figures["bm_imei_patches"], figures["repeated_imei_patches"],
                                                            figures["woo_edits"], figures["woo_notes"]))
        dlq, why = self.dead_letters()
        if dlq is None:
            problems.append("dead-letter queues unreadable: " + why)
            self.say("dead letters: unreadable (%s)" % why)
        else:
            self.say("dead letters: %d in %d kanal.*.dlq queues%s" % (
                sum(dlq.values()), len(dlq), "".join(" %s=%d" % (q, n) for q, n in sorted(dlq.items()) if n)))
            if sum(dlq.values()):
                problems.append("messages in dead-letter queues: %s" % {q: n for q, n in dlq.items() if n})
        kinds = {}
        for problem in problems:
            kind = re.sub(r"\d+", "N", problem.split(": ", 1)[-1])[:90]
            kinds[kind] = kinds.get(kind, 0) + 1
        for kind, count in sorted(kinds.items(), key=lambda k: -k[1]):
            self.say("  %5d x %s" % (count, kind))
        for problem in problems[:15]:
            self.say("  PROBLEM " + problem)
        with open(os.path.join(self.dir, "problems.txt"), "w") as f:
            f.write("".join(problem + "\n" for problem in problems))
        if problems:
            self.say("  every problem (%d) in %s" % (len(problems), os.path.join(self.dir, "problems.txt")))
        return not problems and shipped_once == len(to_ship)

    def main(self):
        self.prepare()
        self.warehouse.start()
        self.run_rounds()
        ok = self.verdict()
        self.warehouse.stop()
        ok = self.fulfilment_verdict() and ok
        self.say("RESULT: %s" % ("every order in the ERP once and shipped on its channel exactly once with its tracking; "
                                 "none lost, no duplicate ship call, nothing owed, no dead letter" if ok else "FAILED"))
        self.write_result()
        return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--rate", type=int, default=20, help="orders placed per second during a round")
    parser.add_argument("--settle-seconds", type=int, default=900, help="how long Kanal may take to catch up at the end")
    parser.add_argument("--start-seconds", type=int, default=180, help="how long Kanal may take to start (health UP)")
    args = parser.parse_args()
    run = FulfilmentRun(args)
    if not os.path.exists(run.jar):
        sys.exit("no %s: run ./mvnw -B -q -DskipTests package first" % run.jar)
    try:
        ok = run.main()
    finally:
        run.stop()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
