#!/usr/bin/env python3
"""Kills Kanal with SIGKILL while orders are cancelled, refunded and shipped, and counts every side.

The rounds of scripts/order-crash.py (orders placed on the Back Market and WooCommerce sandboxes,
Kanal killed and restarted once a round). Meanwhile the script plays everyone else around Kanal.
When it first sees an order's ZK in the ERP it gives the order one plan:
  - ship:           the warehouse ships it (POST /sandbox/subiekt/<client>/_control/shipments);
  - ship-refund:    shipped, then once the channel has it shipped an operator refunds one line
                    through Kanal (POST /admin/clients/<c>/orders/<id>/refunds, a fixed key; a third
                    of them posted twice, as a double click);
  - channel-cancel: the channel ends one line before shipping (Back Market: the line to state 5, or
                    4 while still paid; WooCommerce: a shop manager's refund with line_items), or
                    the whole order when it has one line; what is left ships once Kanal applied it;
  - admin-cancel:   an operator cancels one line (POST /admin/clients/<c>/orders/<id>/cancel), or the
                    whole order when it has one line; what is left ships once Kanal applied it;
  - erp-delete:     an ERP operator deletes the ZK through the gateway (order/delete), once Kanal has
                    recorded it.
Calls to Kanal that fail while it is down are made again (the same request: the same change or key).
Each round's kill falls among the previous round's cancellations, refunds and shipments; one more
kill (--late-kill-seconds after the last round) falls among the last round's.

After the last round it waits (bounded) until every plan has played out, then counts:
  - channels: each line in the state asked (Back Market 3 shipped, 4/5 cancelled, 6 refunded after
    shipping; WooCommerce completed / cancelled / refunded, each item refunded by exactly the units
    asked), refunds per request (Back Market /ws/sav/refund calls per line in the sandbox's control
    view, cancel calls per line; WooCommerce refunds per order): 0 doubled;
  - the ERP: one ZK per order holding exactly the lines not cancelled (none when all were), realized
    by exactly the WZs asked for;
  - Kanal: every line's units shipped or cancelled as asked, no OPEN allocation left for the run's
    orders, SHIPPED allocations = units shipped, every refund request DONE, every order_change row
    APPLIED (others listed with their reason), one confirmed shipment per WZ; 0 messages in every
    kanal.*.dlq (Jolokia).
Any mismatch fails the run (exit 1).

Usage (PostgreSQL and a built jar as for scripts/order-crash.py, whose database settings it shares):
    scripts/changes-crash.py                            # 300 orders, 3 rounds
    scripts/changes-crash.py --orders 100 --rounds 2    # a quick run
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
_spec = importlib.util.spec_from_file_location("fulfilment_crash", os.path.join(HERE, "fulfilment-crash.py"))
fulfilment_crash = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fulfilment_crash)
order_crash = fulfilment_crash.order_crash
http = order_crash.http

ZK = fulfilment_crash.ZK
WOO_PRICE = "99.00"
PLANS = [("ship", 30), ("ship-refund", 15), ("channel-cancel", 20), ("admin-cancel", 20), ("erp-delete", 15)]


class Order:
    """One order placed: what the customer bought and what the script asked for since."""

    def __init__(self, account, channel_id, lines, items):
        self.account, self.channel_id = account, channel_id
        self.ref = "%s:%s" % (account, channel_id)
        self.lines = lines          # SKU -> units bought
        self.items = items          # SKU -> the channel's line id (Back Market orderline, WooCommerce item)
        self.plan = None
        self.step = "new"
        self.due = 0.0
        self.cancelled = {}         # SKU -> units cancelled before shipping (asked on any side)
        self.cancel_how = {}        # SKU -> "refund" (a WooCommerce refund with the line) or "status" (order cancelled)
        self.refunded_after = {}    # SKU -> units refunded after shipping
        self.shop_refunds = 0       # refunds the script made as the shop (WooCommerce)
        self.kanal_refunds = 0      # refunds Kanal must make on the channel (cancels of lines, refunds asked)
        self.kanal_cancel_calls = {}  # SKU -> Back Market new_state 4/5 calls Kanal must make
        self.refund_posts = 0
        self.refused = None         # why Kanal or a side refused what the script asked
        self.target = None          # the SKU the plan acts on

    def remaining(self):
        return {sku: q - self.cancelled.get(sku, 0) for sku, q in self.lines.items() if q - self.cancelled.get(sku, 0) > 0}


class Actors(fulfilment_crash.Warehouse):
    """The channel, the ERP operator, Kanal's operator and the warehouse, one tick a second."""

    def __init__(self, run):
        super().__init__(run)
        self.plans = {}

    def zk_documents(self):
        """Reference -> {ZK number: {SKU: units}} of every ZK in the ERP."""
        rows = self.run.db.query("""
            SELECT d.dok_NrPelnyOryg, d.dok_NrPelny, coalesce(t.tw_Symbol, ''), coalesce(sum(p.ob_Ilosc), 0)
              FROM {s}.dok__Dokument d LEFT JOIN {s}.dok_Pozycja p ON p.ob_DokHanId = d.dok_Id
              LEFT JOIN {s}.tw__Towar t ON t.tw_Id = p.ob_TowId
             WHERE d.dok_Typ = {zk} GROUP BY d.dok_NrPelnyOryg, d.dok_NrPelny, t.tw_Symbol""".format(s=self.run.erp_schema, zk=ZK))
        zks = {}
        for ref, number, sku, quantity in rows:
            lines = zks.setdefault(ref, {}).setdefault(number, {})
            if sku:
                lines[sku] = int(float(quantity))
        return zks

    def tick(self):
        run = self.run
        now = time.time()
        zks = self.zk_documents()
        kanal = run.kanal_state()
        for order in run.orders_placed():
            if order.step == "done":
                continue
            try:
                if order.step == "new":
                    if order.ref in zks:
                        self.choose(order, now)
                    continue
                if order.due > now:
                    continue
                self.advance(order, zks.get(order.ref, {}), kanal.get(order.ref), now)
            except OSError:
                order.due = now + 1  # Kanal (or a sandbox) not answering: the same act next tick

    def choose(self, order, now):
        plan = random.choices([p for p, _ in PLANS], [w for _, w in PLANS])[0]
        order.plan = plan
        self.plans[plan] = self.plans.get(plan, 0) + 1
        skus = sorted(order.lines)
        target = random.choice(skus)
        whole = len(skus) == 1
        if plan in ("ship", "ship-refund"):
            order.step = "ship"
        elif plan == "channel-cancel":
            # Back Market cancels a whole line; a shop may refund some units of an item
            units = order.lines[target] if order.account == "bm" or whole else random.randint(1, order.lines[target])
            order.cancelled = {target: units}
            order.cancel_how = {target: "channel"}
            order.step, order.due = "channel-cancel", now + random.uniform(1.5, 4)
        elif plan == "admin-cancel":
            if whole:
                order.cancelled = dict(order.lines)
            else:
                order.cancelled = {target: order.lines[target] if order.account == "bm" else random.randint(1, order.lines[target])}
            order.step, order.due = "admin-cancel", now + random.uniform(0.5, 3)
        else:
            order.cancelled = dict(order.lines)
            order.step, order.due = "erp-delete", now + random.uniform(0.5, 3)
        order.target = target

    def advance(self, order, zks, kanal, now):
        run = self.run
        if order.step == "ship":
            self.ship(order.ref, order.remaining(), partial=False)
            order.step = "shipping"
        elif order.step == "shipping":
            if self.shipped(order, kanal):
                if order.plan == "ship-refund":
                    order.step = "refund"
                else:
                    order.step = "done"
        elif order.step == "refund":
            self.refund(order, kanal)
        elif order.step == "refunding":
            if kanal and kanal["refunds"] and all(status == "DONE" for status in kanal["refunds"]):
                order.step = "done"
            elif kanal and "REFUSED" in kanal["refunds"]:
                order.refused = "refund REFUSED in Kanal"
                order.step = "done"
        elif order.step == "channel-cancel":
            self.channel_cancel(order)
            order.step = "applying"
        elif order.step == "admin-cancel":
            self.admin_cancel(order, kanal)
        elif order.step == "erp-delete":
            number = next(iter(zks), None)
            if kanal is None or kanal["erp_ref"] != number:
                # only a ZK Kanal has recorded: one deleted between a write and its record is added again
                # by the write's retry (lookup finds nothing), see docs/reliability.md
                order.due = now + 1
                return
            status, answer = http("POST", "%s/subiekt/%s/gateway?c=order/delete" % (run.sandbox_url, run.client),
                                  {"api_key": "crash-key", "data": {"order_ref": number}})
            if status == 200 and isinstance(answer, dict) and answer.get("status") == "success":
                order.step = "applying"
                for sku in order.lines:
                    order.cancel_how.setdefault(sku, "status")
                    if order.account == "bm":
                        order.kanal_cancel_calls[sku] = 1
            else:
                order.refused = "the ERP refused order/delete of %s: %s %s" % (number, status, str(answer)[:200])
                order.step = "done"
        elif order.step == "applying":
            if self.applied(order, zks, kanal):
                if order.remaining():
                    order.step = "ship"
                else:
                    order.step = "done"

    def shipped(self, order, kanal):
        mine = kanal["shipments"] if kanal else []
        acts = self.acts.get(order.ref, [])
        return kanal is not None and len(mine) >= len(acts) and all(s["confirmed"] or s["error"] for s in mine) \
            and kanal["status"] in ("SHIPPED", "DELIVERED")

    def applied(self, order, zks, kanal):
        """Kanal applied the cancellation: the lines' units cancelled, no change pending, the ZK as it should now be."""
        if kanal is None or kanal["pending_changes"]:
            return False
        if any(kanal["lines"].get(sku, {}).get("cancelled", 0) != units for sku, units in order.cancelled.items()):
            return False
        if order.remaining():
            return len(zks) == 1 and next(iter(zks.values())) == order.remaining()
        return not zks and kanal["status"] == "CANCELLED"

    def channel_cancel(self, order):
        run = self.run
        sku = order.target
        if order.account == "bm":
            line = next(l for l in run.backmarket_order(order.channel_id)["orderlines"] if l["listing"] == sku)
            state = {1: 4, 2: 5}.get(line["state"])
            if state is None:
                order.refused = "Back Market line %s in state %s: cannot be cancelled" % (line["id"], line["state"])
                order.cancelled = {}
                order.step = "ship"
                return
            status, body = http("PATCH", "%s/backmarket/_control/orders/%s" % (run.sandbox_url, order.channel_id),
                                {"orderlines": [{"id": line["id"], "state": state}]}, {"Authorization": "Basic " + run.bm_token})
            assert status == 200, ("Back Market line cancel", order.ref, status, body)
            order.cancel_how[sku] = "line-state"
            return
        units = order.cancelled[sku]
        body = {"reason": "the customer changed their mind",
                "line_items": [{"id": int(order.items[sku]), "quantity": units, "refund_total": "%.2f" % (units * float(WOO_PRICE))}]}
        status, answer = http("POST", "%s/woocommerce/_control/shops/%s/orders/%s/refunds"
                              % (run.sandbox_url, urllib.parse.quote(run.woo_key), order.channel_id), body)
        assert status == 201, ("WooCommerce shop refund", order.ref, status, answer)
        order.shop_refunds += 1
        order.cancel_how[sku] = "refund"

    def admin_cancel(self, order, kanal):
        run = self.run
        if kanal is None:
            order.due = time.time() + 1
            return
        whole = order.cancelled == order.lines
        body = {"reason": "crash run: the customer called"}
        if not whole:
            sku = order.target
            body["lines"] = [{"line": kanal["lines"][sku]["line_no"], "quantity": order.cancelled[sku]}]
        status, answer = http("POST", "%s/admin/clients/%s/orders/%s/cancel" % (run.kanal_url, run.client, kanal["id"]),
                              body, {"Authorization": run.admin})
        if status in (200, 202):
            order.step = "applying"
            for sku in order.cancelled:
                if order.account == "bm":
                    order.kanal_cancel_calls[sku] = 1
                elif whole:
                    order.cancel_how[sku] = "status"
                else:
                    order.cancel_how[sku] = "refund"
            if order.account == "woo" and not whole:
                order.kanal_refunds += 1
        elif status >= 500:
            order.due = time.time() + 1
        else:
            order.refused = "admin cancel answered %s: %s" % (status, str(answer)[:300])
            order.cancelled = {}
            order.step = "ship"

    def refund(self, order, kanal):
        run = self.run
        sku = order.target
        units = order.lines[sku] if order.account == "bm" else random.randint(1, order.lines[sku])
        if order.refunded_after:
            sku, units = next(iter(order.refunded_after.items()))
        body = {"lines": [{"line": kanal["lines"][sku]["line_no"], "quantity": units}],
                "reason": "crash run: refund after shipping", "key": "crash-%s-%s" % (run.id, order.ref)}
        order.refunded_after = {sku: units}
        times = 2 if order.refund_posts == 0 and random.random() < 1 / 3 else 1
        for _ in range(times):
            status, answer = http("POST", "%s/admin/clients/%s/orders/%s/refunds" % (run.kanal_url, run.client, kanal["id"]),
                                  body, {"Authorization": run.admin})
            order.refund_posts += 1
            if status >= 500:
                order.due = time.time() + 1
                return
            if status not in (200, 202):
                order.refused = "admin refund answered %s: %s" % (status, str(answer)[:300])
                order.refunded_after = {}
                order.step = "done"
                return
        order.kanal_refunds = 1
        order.step = "refunding"


class ChangesRun(fulfilment_crash.FulfilmentRun):

    def __init__(self, args):
        super().__init__(args)
        self.warehouse = Actors(self)
        self.orders = {}
        self.orders_lock = threading.Lock()

    def orders_placed(self):
        with self.orders_lock:
            return list(self.orders.values())

    def place(self, n):
        """One customer order, alternating channels; half with two lines, some WooCommerce lines of two units."""
        skus = random.sample(self.skus, random.choice([1, 2]))
        if n % 2 == 0:
            body = {"orderlines": [{"listing": sku, "quantity": 1, "price": "199.00"} for sku in skus],
                    "shipping_address": {"firstName": "Ada", "lastName": "Change %d" % n, "country": "FR"}}
            status, placed = http("POST", self.sandbox_url + "/backmarket/_control/orders", body,
                                  {"Authorization": "Basic " + self.bm_token})
            assert status == 201, ("Back Market order", status, placed)
            order = Order("bm", str(placed["order_id"]), {sku: 1 for sku in skus},
                          {l["listing"]: str(l["id"]) for l in placed["orderlines"]})
        else:
            lines = {sku: random.choice([1, 1, 2]) for sku in skus}
            body = {"status": "processing", "set_paid": True, "payment_method": random.choice(["bacs", "cod"]),
                    "billing": {"first_name": "Bo", "last_name": "Change %d" % n},
                    "shipping": {"first_name": "Bo", "last_name": "Change %d" % n},
                    "line_items": [{"sku": sku, "quantity": q} for sku, q in lines.items()]}
            status, placed = http("POST", "%s/woocommerce/_control/shops/%s/orders" % (self.sandbox_url, self.woo_key), body)
            assert status == 201, ("WooCommerce order", status, placed)
            order = Order("woo", str(placed["id"]), lines, {i["sku"]: str(i["id"]) for i in placed["line_items"]})
        with self.orders_lock:
            self.orders[order.ref] = order
        return order.account, order.channel_id

    def round(self, r, count):
        super().round(r, count)
        if r == self.args.rounds and self.args.late_kill_seconds:
            # the last round's orders are being cancelled, refunded and shipped by now: one more kill among them
            time.sleep(self.args.late_kill_seconds)
            self.kill_kanal()
            up = self.start_kanal()
            self.kills.append(self.args.late_kill_seconds)
            self.restarts.append(up)
            self.say("late kill: Kanal killed (SIGKILL) %d s after the last round, health UP %.1f s after restart"
                     % (self.args.late_kill_seconds, up))

    # ------------------------------------------------------------------ Kanal's side
    def kanal_state(self):
        """Reference -> Kanal's order: id, status, lines by SKU, changes pending, refund statuses, shipments."""
        state = {}
        for row in self.db.query("""
                SELECT a.code || ':' || o.channel_order_id, o.id, o.status, regexp_replace(coalesce(o.hold_reason, ''), '[[:space:]]+', ' ', 'g'), coalesce(o.erp_order_ref, ''),
                       l.channel_sku, l.line_no,
                       l.quantity, l.shipped_quantity, l.cancelled_quantity, l.missing_quantity,
                       (SELECT coalesce(sum(x.quantity), 0) FROM allocation x WHERE x.order_line_id = l.id AND x.status = 'OPEN'),
                       (SELECT coalesce(sum(x.quantity), 0) FROM allocation x WHERE x.order_line_id = l.id AND x.status = 'SHIPPED')
                  FROM sales_order o JOIN client c ON c.id = o.client_id JOIN channel_account a ON a.id = o.channel_account_id
                  JOIN order_line l ON l.order_id = o.id WHERE c.code = '%s'""" % self.client):
            ref = row[0]
            order = state.setdefault(ref, {"id": row[1], "status": row[2], "hold": row[3], "erp_ref": row[4], "lines": {},
                                           "pending_changes": 0, "changes": [], "refunds": [], "shipments": []})
            order["lines"][row[5]] = dict(zip(("line_no", "quantity", "shipped", "cancelled", "missing", "open", "consumed"),
                                              [int(v) for v in row[6:]]))
        for ref, status, detail, key in self.db.query("""
                SELECT a.code || ':' || o.channel_order_id, ch.status, regexp_replace(coalesce(ch.detail, ''), '[[:space:]]+', ' ', 'g'), ch.change_key
                  FROM order_change ch JOIN sales_order o ON o.id = ch.order_id JOIN client c ON c.id = o.client_id
                  JOIN channel_account a ON a.id = o.channel_account_id WHERE c.code = '%s'""" % self.client):
            if ref in state:
                state[ref]["changes"].append((status, key, detail))
                state[ref]["pending_changes"] += status == "PENDING"
        for ref, status in self.db.query("""
                SELECT a.code || ':' || o.channel_order_id, r.status
                  FROM channel_refund r JOIN sales_order o ON o.id = r.order_id JOIN client c ON c.id = o.client_id
                  JOIN channel_account a ON a.id = o.channel_account_id WHERE c.code = '%s'""" % self.client):
            if ref in state:
                state[ref]["refunds"].append(status)
        for ref, shipments in self.kanal_shipments().items():
            if ref in state:
                state[ref]["shipments"] = shipments
        return state

    def settled(self):
        kanal = self.kanal_state()
        return all(o.step == "done" or (o.step == "new" and kanal.get(o.ref, {}).get("status") == "HELD")
                   for o in self.orders_placed())

    # ------------------------------------------------------------------ the verdict
    def backmarket_refunds(self):
        status, body = http("GET", self.sandbox_url + "/backmarket/_control/refunds", None, {"Authorization": "Basic " + self.bm_token})
        assert status == 200, ("Back Market refunds", status, body)
        calls = {}
        for refund in body["refunds"]:
            calls[str(refund["orderline"])] = calls.get(str(refund["orderline"]), 0) + 1
        return calls

    def woo_refunds(self, order_id):
        status, body = http("GET", "%s/woocommerce/_control/shops/%s/orders/%s/refunds"
                            % (self.sandbox_url, urllib.parse.quote(self.woo_key), order_id))
        assert status == 200, ("WooCommerce refunds", order_id, status, body)
        return body

    def check_backmarket(self, order, shipped, problems, figures, refund_calls):
        channel = self.backmarket_order(order.channel_id)
        figures["bm_ship_calls"] += channel.get("ship_calls", 0)
        if channel.get("ship_calls", 0) > (1 if shipped else 0):
            figures["doubled"] += channel["ship_calls"] - 1
            problems.append("%s: %d ship calls" % (order.ref, channel["ship_calls"]))
        cancels = {}
        for update in channel.get("updates", []):
            if update.get("new_state") in (4, 5):
                cancels[update["sku"]] = cancels.get(update["sku"], 0) + 1
        for line in channel["orderlines"]:
            sku = line["listing"]
            expected = (4, 5) if order.cancelled.get(sku) else (6,) if order.refunded_after.get(sku) else (3,)
            if line["state"] not in expected:
                problems.append("%s: Back Market line %s (%s) in state %s, expected %s" % (order.ref, line["id"], sku, line["state"],
                                                                                        "/".join(map(str, expected))))
            made, asked = refund_calls.get(str(line["id"]), 0), 1 if order.refunded_after.get(sku) else 0
            figures["bm_refunds"] += made
            if made != asked:
                figures["doubled" if made > asked else "missing_refunds"] += abs(made - asked)
                problems.append("%s: %d refunds of Back Market line %s (/ws/sav/refund), %d asked" % (order.ref, made, line["id"], asked))
            cancelled_by_kanal, asked = cancels.get(sku, 0), order.kanal_cancel_calls.get(sku, 0)
            figures["bm_cancel_calls"] += cancelled_by_kanal
            if cancelled_by_kanal != asked:
                figures["doubled" if cancelled_by_kanal > asked else "missing_refunds"] += abs(cancelled_by_kanal - asked)
                problems.append("%s: %d Back Market new_state 4/5 calls for %s, %d expected" % (order.ref, cancelled_by_kanal, sku, asked))

    def check_woocommerce(self, order, shipped, problems, figures):
        channel, _ = self.woo_order(order.channel_id)
        refunds = self.woo_refunds(order.channel_id)
        figures["woo_refunds"] += len(refunds)
        asked = order.shop_refunds + order.kanal_refunds
        if len(refunds) != asked:
            figures["doubled" if len(refunds) > asked else "missing_refunds"] += abs(len(refunds) - asked)
            problems.append("%s: %d WooCommerce refunds, %d asked" % (order.ref, len(refunds), asked))
        units = {}
        for refund in refunds:
            for item in refund.get("line_items", []):
                units[item["sku"]] = units.get(item["sku"], 0) - int(item["quantity"])
        expected_units = {}
        for sku, how in order.cancel_how.items():
            if how in ("refund", "channel") and order.cancelled.get(sku):
                expected_units[sku] = order.cancelled[sku]
        for sku, q in order.refunded_after.items():
            expected_units[sku] = expected_units.get(sku, 0) + q
        if units != expected_units:
            problems.append("%s: WooCommerce refunded units %s, asked %s" % (order.ref, units, expected_units))
        if not shipped:
            expected_status = ("cancelled", "refunded")
        elif all(order.refunded_after.get(sku, 0) + order.cancelled.get(sku, 0) >= q for sku, q in order.lines.items()):
            expected_status = ("refunded",)
        else:
            expected_status = ("completed",)
        if channel.get("status") not in expected_status:
            problems.append("%s: WooCommerce status %s, expected %s" % (order.ref, channel.get("status"), "/".join(expected_status)))

    def changes_verdict(self):
        actors = self.warehouse
        kanal = self.kanal_state()
        zks = actors.zk_documents()
        issues = self.erp_issues()
        refund_calls = self.backmarket_refunds()
        problems, failed_changes = [], []
        figures = dict.fromkeys(["bm_ship_calls", "bm_refunds", "bm_cancel_calls", "woo_refunds", "doubled", "missing_refunds",
                                 "open_units", "owed_units", "lines_shipped", "lines_cancelled", "units_cancelled",
                                 "units_refunded_after", "changes", "changes_applied", "refund_requests", "refund_posts"], 0)
        orders = self.orders_placed()
        by_plan = {}
        seen = [o for o in orders if o.step != "new"]
        held = [o for o in orders if o.step == "new" and kanal.get(o.ref, {}).get("status") == "HELD"]
        lost = [o for o in orders if o.step == "new" and o not in held]
        for o in lost:
            problems.append("%s: never reached the ERP (Kanal: %s)" % (o.ref, kanal.get(o.ref, {}).get("status")))
        for order in seen:
            by_plan.setdefault(order.plan, []).append(order)
            mine = kanal.get(order.ref)
            if order.refused:
                problems.append("%s (%s): %s" % (order.ref, order.plan, order.refused))
            if order.step != "done":
                problems.append("%s (%s): stuck at %s" % (order.ref, order.plan, order.step))
            remaining = order.remaining()
            shipped = bool(remaining)
            # the ERP: one ZK holding the lines left, realized by the WZs asked for
            docs = zks.get(order.ref, {})
            if remaining and list(docs.values()) != [remaining]:
                problems.append("%s (%s): ZKs in the ERP %s, expected one with %s" % (order.ref, order.plan, docs, remaining))
            if not remaining and docs:
                problems.append("%s (%s): ZKs %s left in the ERP, every line cancelled" % (order.ref, order.plan, docs))
            asked = sorted(act["document"] for act in actors.acts.get(order.ref, []))
            if sorted(issues.get(order.ref, [])) != asked:
                problems.append("%s: WZs %s, asked %s" % (order.ref, sorted(issues.get(order.ref, [])), asked))
            # Kanal
            if mine is None:
                problems.append("%s: not in Kanal" % order.ref)
                continue
            expected_status = ("SHIPPED", "DELIVERED") if shipped else ("CANCELLED",)
            if mine["status"] not in expected_status:
                problems.append("%s (%s): %s in Kanal, expected %s" % (order.ref, order.plan, mine["status"], "/".join(expected_status)))
            for sku, q in order.lines.items():
                line = mine["lines"].get(sku)
                if line is None:
                    problems.append("%s: no Kanal line for %s" % (order.ref, sku))
                    continue
                want_cancelled = order.cancelled.get(sku, 0)
                want_shipped = q - want_cancelled
                figures["open_units"] += line["open"]
                owed = line["quantity"] - line["shipped"] - line["cancelled"]
                figures["owed_units"] += owed
                figures["units_cancelled"] += line["cancelled"]
                figures["lines_shipped"] += 1 if line["shipped"] else 0
                figures["lines_cancelled"] += 1 if line["cancelled"] else 0
                if (line["shipped"], line["cancelled"]) != (want_shipped, want_cancelled) or line["open"] or owed \
                        or line["consumed"] != want_shipped:
                    problems.append("%s (%s): line %s shipped %d cancelled %d, OPEN allocated %d, SHIPPED allocations %d; "
                                    "expected shipped %d cancelled %d" % (order.ref, order.plan, sku, line["shipped"], line["cancelled"],
                                                                          line["open"], line["consumed"], want_shipped, want_cancelled))
            figures["units_refunded_after"] += sum(order.refunded_after.values())
            figures["refund_requests"] += len(mine["refunds"])
            figures["refund_posts"] += order.refund_posts
            if len(mine["refunds"]) != (1 if order.refunded_after else 0) or any(s != "DONE" for s in mine["refunds"]):
                problems.append("%s: refund requests in Kanal %s" % (order.ref, mine["refunds"]))
            for status, key, detail in mine["changes"]:
                figures["changes"] += 1
                figures["changes_applied"] += status == "APPLIED"
                if status != "APPLIED":
                    failed_changes.append("%s %s %s: %s" % (order.ref, key, status, detail[:200]))
            docs_shipped = {act["document"]: act for act in actors.acts.get(order.ref, [])}
            if len(mine["shipments"]) != len(docs_shipped) or any(not s["confirmed"] or s["error"] for s in mine["shipments"]):
                problems.append("%s: shipments in Kanal %s for WZs %s" % (order.ref, mine["shipments"], sorted(docs_shipped)))
            # the channel
            if order.account == "bm":
                self.check_backmarket(order, shipped, problems, figures, refund_calls)
            else:
                self.check_woocommerce(order, shipped, problems, figures)
        for change in failed_changes:
            problems.append("order_change not APPLIED: " + change)
        open_left = self.db.query("""
            SELECT count(*) FROM allocation x JOIN order_line l ON l.id = x.order_line_id JOIN sales_order o ON o.id = l.order_id
              JOIN client c ON c.id = o.client_id WHERE c.code = '%s' AND x.status = 'OPEN'""" % self.client)[0][0]

        self.say("orders placed: %d (%d Back Market, %d WooCommerce; %d with two lines); reached the ERP: %d; held: %d; lost: %d"
                 % (len(orders), sum(o.account == "bm" for o in orders), sum(o.account == "woo" for o in orders),
                    sum(len(o.lines) == 2 for o in orders), len(seen), len(held), len(lost)))
        for plan, _ in PLANS:
            mine = by_plan.get(plan, [])
            self.say("  %-15s %4d orders (%d Back Market, %d WooCommerce), %d played out"
                     % (plan, len(mine), sum(o.account == "bm" for o in mine), sum(o.account == "woo" for o in mine),
                        sum(o.step == "done" and not o.refused for o in mine)))
        self.say("warehouse: %d ZKs shipped in %d WZs; acts the ERP refused: %d"
                 % (len(actors.acts), sum(len(a) for a in actors.acts.values()), len(actors.refused)))
        self.say("Kanal: lines shipped %d, lines with units cancelled %d (%d units), units owed %d, OPEN allocations left %s "
                 "(units %d); refunds asked after shipping %d (%d units, %d POSTs), refund requests stored %d"
                 % (figures["lines_shipped"], figures["lines_cancelled"], figures["units_cancelled"], figures["owed_units"], open_left,
                    figures["open_units"], sum(1 for o in seen if o.refunded_after), figures["units_refunded_after"],
                    figures["refund_posts"], figures["refund_requests"]))
        self.say("order changes: %d rows, %d APPLIED, %d not (listed below)" % (figures["changes"], figures["changes_applied"],
                                                                             len(failed_changes)))
        for change in failed_changes[:20]:
            self.say("  NOT APPLIED " + change)
        self.say("channels: Back Market ship calls %d, /ws/sav/refund calls %d, new_state 4/5 calls by Kanal %d; "
                 "WooCommerce refunds %d; doubled: %d; missing: %d"
                 % (figures["bm_ship_calls"], figures["bm_refunds"], figures["bm_cancel_calls"], figures["woo_refunds"],
                    figures["doubled"], figures["missing_refunds"]))
        for ref, status, answer in actors.refused[:10]:
            problems.append("ERP refused the act for %s: %s %s" % (ref, status, str(answer)[:200]))
        if actors.error:
            problems.append("the actors stopped: " + actors.error)
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
        for kind, count in sorted(kinds.items(), key=lambda k: -k[1])[:20]:
            self.say("  %5d x %s" % (count, kind))
        for problem in problems[:20]:
            self.say("  PROBLEM " + problem)
        with open(os.path.join(self.dir, "problems.txt"), "w") as f:
            f.write("".join(problem + "\n" for problem in problems))
        if problems:
            self.say("  every problem (%d) in %s" % (len(problems), os.path.join(self.dir, "problems.txt")))
        return not problems

    def main(self):
        self.prepare()
        self.warehouse.start()
        self.run_rounds()
        self.warehouse.stop()
        ok = self.changes_verdict()
        self.say("RESULT: %s" % ("every order played out as asked on every side; none lost, no refund or cancel doubled, "
                                 "every allocation consumed or released, every change applied, no dead letter" if ok else "FAILED"))
        self.write_result()
        return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rate", type=int, default=20, help="orders placed per second during a round")
    parser.add_argument("--settle-seconds", type=int, default=900, help="how long every plan may take to play out at the end")
    parser.add_argument("--late-kill-seconds", type=int, default=20,
                        help="one more SIGKILL this long after the last round, while its orders change (0: none)")
    parser.add_argument("--start-seconds", type=int, default=180, help="how long Kanal may take to start (health UP)")
    args = parser.parse_args()
    run = ChangesRun(args)
    if not os.path.exists(run.jar):
        sys.exit("no %s: run ./mvnw -B -q -DskipTests package first" % run.jar)
    try:
        ok = run.main()
    finally:
        run.stop()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
