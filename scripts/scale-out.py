#!/usr/bin/env python3
"""Two Kanal nodes on one external broker and one PostgreSQL: orders exactly once, no oversell, a node killed, a node joining.

Set-up: scripts/broker.sh starts a fresh external Artemis (the distribution is fetched once, into
data/broker-scale-out); the sandboxes run in a JVM of their own (`java -jar kanal.jar sandboxes`),
as real channels and the ERP gateway would; nodes a and b start together from the built jar in
production mode (no command) on that broker (KANAL_BROKER_URL) and one database, behind a
round-robin balancer in this script (every node's KANAL_PUBLIC_URL: the WooCommerce shop's
webhooks reach the nodes in turn, and whichever is up).

Phases, each waited for (bounded) until settled:
  1. two channels: orders placed on the Back Market and WooCommerce sandboxes reach the ERP;
  2. the last units: 12 single-unit orders of one SKU with 5 units in the ERP, 6 per channel, placed
     at once: exactly 5 units allocated and 5 ZKs; the rest visibly not fulfilled (Back Market lines
     refused on the channel, the account has refuse-oversold; WooCommerce orders HELD as oversold);
  3. a node killed: node b gets SIGKILL while orders flow; node a alone brings every order to the
     ERP (the broker hands it the messages b held unacknowledged; Quartz its schedules);
  4. a node joining: node c starts on the same broker and database and takes its share of new orders;
  5. one reload for every node: an account added to the client file (dry-run) and removed again, each
     with one POST /admin/clients/reload to node a, is known to node c and then gone there too.

Every side is counted at the end: ZK documents in the ERP (exactly one per fulfilled order, none
for an order not placed) and order/add calls the ERP gateway received; Back Market lines accepted
(new_state 2) exactly once, or refused; acknowledgements owed (view acknowledgement_owed); messages
left in the order hop queues and in every kanal.*.dlq. Any violation exits 1.

Usage (PostgreSQL as for the tests and a built jar: ./mvnw -B -q -DskipTests package):
    scripts/scale-out.py
    scripts/scale-out.py --orders 300 --port-base 18600
Database: as scripts/order-crash.py (KANAL_CRASH_DB_URL, else KANAL_TEST_DB_URL, else the tests' default).
Figures go to stdout and to target/crash/<run>/result.txt.
"""
import argparse
import importlib.util
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("order_crash", os.path.join(HERE, "order-crash.py"))
order_crash = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(order_crash)
http = order_crash.http

LAST_SKU = "LAST-UNITS"
LAST_STOCK = 5
LAST_ORDERS_PER_CHANNEL = 6
# Camel routes whose completed exchanges show a node took order work
ORDER_ROUTES = ("order-import", "orders-allocate", "orders-erp-write")


class ScaleOutRun(order_crash.Run):

    def __init__(self, args):
        args.nodes = 2
        super().__init__(args)
        self.broker.work = os.path.join(order_crash.REPO, "data", "broker-scale-out")
        self.broker.env["KANAL_BROKER_DIR"] = self.broker.work
        self.last = []          # (account, channel order id) of the last-units orders
        self.problems = []

    def say(self, text):
        print("scale-out: " + text, flush=True)
        self.lines.append(text)

    def problem(self, text):
        self.problems.append(text)
        self.say("  VIOLATION " + text)

    # ------------------------------------------------------------------ set-up
    def announce(self):
        self.say("run %s: client %s, ERP schema %s, files in %s" % (self.id, self.client, self.erp_schema, self.dir))

    def client_file(self):
        super().client_file()
        path = os.path.join(self.dir, "clients", self.client + ".yaml")
        with open(path) as f:
            text = f.read()
        # Back Market lines Kanal cannot fill are refused on the channel; WooCommerce orders are held
        text = text.replace("    type: backmarket\n", "    type: backmarket\n    refuse-oversold: true\n", 1)
        with open(path, "w") as f:
            f.write(text)

    def seed(self):
        ordinary = self.skus
        self.skus = ordinary + [LAST_SKU]
        try:
            super().seed()
        finally:
            self.skus = ordinary
        status, body = http("PUT", "%s/subiekt/%s/_control/stock" % (self.sandbox_url, self.client),
                            [{"symbol": LAST_SKU, "warehouse": "MAG", "onHand": LAST_STOCK, "reserved": 0}])
        assert status < 300, ("ERP stock of the last units", status, body)

    # ------------------------------------------------------------------ what each node did
    def route_counts(self, node):
        """Completed exchanges of the order routes on one node since it started (its Camel MBeans)."""
        request = {"type": "read", "attribute": "ExchangesCompleted", "mbean": "org.apache.camel:type=routes,*"}
        status, body = http("POST", node.url + "/actuator/jolokia", request, {"Authorization": self.admin})
        if status != 200 or not isinstance(body, dict) or body.get("status") != 200:
            raise SystemExit("node %s's Jolokia answered %s: %s" % (node.name, status, str(body)[:300]))
        counts = dict.fromkeys(ORDER_ROUTES, 0)
        for mbean, attributes in body["value"].items():
            name = dict(part.split("=", 1) for part in mbean.split(":", 1)[1].split(","))["name"].strip('"')
            if name in counts:
                counts[name] = int(attributes["ExchangesCompleted"])
        return counts

    def live_counts(self):
        return {node.name: self.route_counts(node) for node in self.nodes if node.alive()}

    def report_work(self, before, after, phase):
        work = {}
        for name, counts in after.items():
            start = before.get(name, dict.fromkeys(ORDER_ROUTES, 0))
            work[name] = {route: counts[route] - start[route] for route in ORDER_ROUTES}
        self.say("%s, work by node (exchanges completed: %s): %s" % (phase, " / ".join(ORDER_ROUTES), "; ".join(
            "%s %s" % (name, " / ".join(str(w[route]) for route in ORDER_ROUTES)) for name, w in sorted(work.items()))))
        return work

    # ------------------------------------------------------------------ settling
    def order_queues_empty(self):
        counts, why = self.queue_counts()
        return counts is not None and all(n == 0 for q, n in counts.items() if q.startswith("kanal.orders."))

    def decided(self, keys):
        """Each order in the ERP, or (last units only) held or cancelled in Kanal; nothing owed, no order message left."""
        orders = self.kanal_orders()
        erp = self.erp_documents()
        for key in keys:
            if "%s:%s" % key in erp:
                continue
            if key in self.last and key in orders and orders[key][2] in ("HELD", "CANCELLED"):
                continue
            return False
        return self.acknowledgements_owed()[0] == 0 and self.order_queues_empty()

    def settle(self, keys, what):
        started = time.time()
        deadline = started + self.args.settle_seconds
        while not self.decided(keys):
            if time.time() > deadline:
                self.problem("%s: not settled after %d s" % (what, self.args.settle_seconds))
                return None
            time.sleep(1)
        return time.time() - started

    def place_steadily(self, count, during=None):
        """count orders at --rate, alternating channels; during(seconds placed) is called once, 40% of the way in."""
        placed = []

        def customers():
            for _ in range(count):
                placed.append(self.place(len(self.placed) + len(placed)))
                time.sleep(1.0 / self.args.rate)

        shoppers = threading.Thread(target=customers)
        started = time.time()
        shoppers.start()
        result = None
        if during:
            time.sleep(0.4 * count / self.args.rate)
            result = during(time.time() - started)
        shoppers.join()
        self.placed.extend(placed)
        return placed, result

    # ------------------------------------------------------------------ phases
    def two_channels(self):
        before = self.live_counts()
        placed, _ = self.place_steadily(self.args.orders)
        took = self.settle(placed, "two channels")
        self.say("phase 1, two channels: %d orders (%d Back Market, %d WooCommerce) placed at %d/s, all decided %.0f s after the last"
                 % (len(placed), sum(1 for k in placed if k[0] == "bm"), sum(1 for k in placed if k[0] == "woo"),
                    self.args.rate, took or -1))
        work = self.report_work(before, self.live_counts(), "phase 1")
        for name, w in work.items():
            if w["orders-allocate"] == 0 or w["orders-erp-write"] == 0:
                self.problem("phase 1: node %s allocated or wrote nothing: %s" % (name, w))

    def last_units(self):
        before = self.live_counts()
        results = []

        def order(channel, n):
            if channel == "bm":
                body = {"orderlines": [{"listing": LAST_SKU, "quantity": 1, "price": "199.00"}],
                        "shipping_address": {"firstName": "Ada", "lastName": "Last %d" % n, "country": "FR"}}
                status, answer = http("POST", self.sandbox_url + "/backmarket/_control/orders", body,
                                      {"Authorization": "Basic " + self.bm_token})
                assert status == 201, ("Back Market order", status, answer)
                results.append(("bm", str(answer["order_id"])))
            else:
                body = {"status": "processing", "set_paid": True, "payment_method": "bacs",
                        "billing": {"first_name": "Bo", "last_name": "Last %d" % n},
                        "shipping": {"first_name": "Bo", "last_name": "Last %d" % n},
                        "line_items": [{"sku": LAST_SKU, "quantity": 1}]}
                status, answer = http("POST", "%s/woocommerce/_control/shops/%s/orders" % (self.sandbox_url, self.woo_key), body)
                assert status == 201, ("WooCommerce order", status, answer)
                results.append(("woo", str(answer["id"])))

        customers = [threading.Thread(target=order, args=(channel, n))
                     for n in range(LAST_ORDERS_PER_CHANNEL) for channel in ("bm", "woo")]
        for c in customers:
            c.start()
        for c in customers:
            c.join()
        self.last = results
        took = self.settle(results, "last units")
        work = self.report_work(before, self.live_counts(), "phase 2")
        allocating = [name for name, w in work.items() if w["orders-allocate"] > 0]
        rows = self.db.query("""
            SELECT coalesce(sum(al.quantity) FILTER (WHERE al.status <> 'RELEASED'), 0),
                   count(DISTINCT o.id) FILTER (WHERE o.oversold)
              FROM sales_order o JOIN client c ON c.id = o.client_id
              JOIN order_line l ON l.order_id = o.id JOIN sku s ON s.id = l.sku_id
              LEFT JOIN allocation al ON al.order_line_id = l.id
             WHERE c.code = '%s' AND s.code = '%s'""" % (self.client, LAST_SKU))
        allocated, oversold = int(rows[0][0]), int(rows[0][1])
        zk_units = self.db.query("""
            SELECT coalesce(sum(p.ob_Ilosc), 0) FROM %s.dok_Pozycja p JOIN %s.dok__Dokument d ON d.dok_Id = p.ob_DokHanId
              JOIN %s.tw__Towar t ON t.tw_Id = p.ob_TowId WHERE d.dok_Typ = 16 AND t.tw_Symbol = '%s'"""
                                 % (self.erp_schema, self.erp_schema, self.erp_schema, LAST_SKU))[0][0]
        orders = self.kanal_orders()
        erp = self.erp_documents()
        in_erp = [k for k in results if "%s:%s" % k in erp]
        held = [k for k in results if k[0] == "woo" and k in orders and orders[k][2] == "HELD"]
        refused = [k for k in results if k[0] == "bm" and k in orders and orders[k][2] == "CANCELLED"
                   and all(line["state"] == 4 for line in self.backmarket_order(k[1])["orderlines"])]
        self.say("phase 2, the last units: %d orders of %s (%d per channel) at once, %d units in the ERP, decided in %.0f s; "
                 "allocating nodes: %s" % (len(results), LAST_SKU, LAST_ORDERS_PER_CHANNEL, LAST_STOCK, took or -1,
                                           ", ".join(allocating) or "none"))
        self.say("  units allocated: %d; ZK units in the ERP: %s; orders in the ERP: %d (Back Market %d, WooCommerce %d); "
                 "WooCommerce held as oversold: %d; Back Market refused on the channel: %d; flagged oversold: %d"
                 % (allocated, zk_units.split(".")[0], len(in_erp), sum(1 for k in in_erp if k[0] == "bm"),
                    sum(1 for k in in_erp if k[0] == "woo"), len(held), len(refused), oversold))
        if allocated != LAST_STOCK:
            self.problem("phase 2: %d units of %s allocated, %d in stock" % (allocated, LAST_SKU, LAST_STOCK))
        if float(zk_units) != LAST_STOCK or len(in_erp) != LAST_STOCK:
            self.problem("phase 2: %s units in %d ZKs, expected %d" % (zk_units, len(in_erp), LAST_STOCK))
        if len(in_erp) + len(held) + len(refused) != len(results):
            self.problem("phase 2: of %d orders %d in the ERP, %d held, %d refused: some neither"
                         % (len(results), len(in_erp), len(held), len(refused)))

    def node_killed(self):
        before = self.live_counts()
        victim = self.nodes.index(next(n for n in self.nodes if n.name == "b"))

        def kill(seconds):
            self.kill_kanal(victim)
            return seconds

        placed, killed_at = self.place_steadily(self.args.orders, kill)
        took = self.settle(placed, "node killed")
        self.say("phase 3, a node killed: %d orders placed at %d/s, node b killed (SIGKILL) %.1f s in; node a alone "
                 "decided them all %.0f s after the last" % (len(placed), self.args.rate, killed_at, took or -1))
        work = self.report_work(before, self.live_counts(), "phase 3 (node a)")
        if work.get("a", {}).get("orders-erp-write", 0) == 0:
            self.problem("phase 3: node a wrote nothing after b died")

    def node_joining(self):
        joiner = order_crash.Node("c", self.ports.take(), self.dir)
        self.nodes.append(joiner)
        up = self.start_kanal(len(self.nodes) - 1)
        before = self.live_counts()
        placed, _ = self.place_steadily(max(self.args.orders // 2, 20))
        took = self.settle(placed, "node joining")
        self.say("phase 4, a node joining: node c up in %.1f s; %d orders placed at %d/s, decided %.0f s after the last"
                 % (up, len(placed), self.args.rate, took or -1))
        work = self.report_work(before, self.live_counts(), "phase 4")
        if any(n == 0 for n in work["c"].values()):
            self.problem("phase 4: node c did not take every kind of order work: %s" % work["c"])

    def reload_everywhere(self):
        """A reload asked of node a reaches node c: an account added to the client file in dry-run (it
        writes nothing) is known to both, then removed from both, with one POST each time to node a."""
        path = os.path.join(self.dir, "clients", self.client + ".yaml")
        with open(path) as f:
            original = f.read()
        late = self.client_late_account()
        a, c = self.nodes[0], self.nodes[-1]
        results = []
        for step, text, known in (("added", original + late, True), ("removed", original, False)):
            with open(path, "w") as f:
                f.write(text)
            status, body = http("POST", a.url + "/admin/clients/reload", None, {"Authorization": self.admin})
            wanted = self.client + "/bm-late"
            if status != 200 or wanted not in body.get(step, []) or not body.get("otherNodesTold"):
                self.problem("phase 5: node a's reload (%s) answered %s %s" % (step, status, body))
                return
            started = time.time()

            def c_knows():
                code, _ = http("GET", "%s/admin/clients/%s/accounts/bm-late/preview" % (c.url, self.client), None,
                               {"Authorization": self.admin})
                return code == 200

            while c_knows() != known and time.time() - started < 30:
                time.sleep(0.2)
            if c_knows() != known:
                self.problem("phase 5: node c did not follow node a's reload (account %s) within 30 s" % step)
                return
            results.append("%s on node c %.1f s after node a's reload" % (step, time.time() - started))
        self.say("phase 5, one reload for every node: an account " + "; ".join(results))

    def client_late_account(self):
        return f"""  - id: bm-late
    type: backmarket
    mode: dry-run
    import-orders: false
    base-url: {self.sandbox_url}/backmarket
    credentials: {{token: {self.bm_token}, user-agent: "BM-Kanal-Crash;crash@kanal.test", accept-language: fr-fr}}
    mapping-mode: sku
    organization-type: channel-name
    warehouses: [MAG]
    inventory-statuses: [available]
    calls-per-minute: 100
"""

    # ------------------------------------------------------------------ every side
    def backmarket_order(self, order_id):
        status, body = http("GET", "%s/backmarket/_control/orders/%s" % (self.sandbox_url, order_id), None,
                            {"Authorization": "Basic " + self.bm_token})
        assert status == 200, ("Back Market order", order_id, status, body)
        return body

    def every_side(self):
        orders = self.kanal_orders()
        erp = self.erp_documents()
        everything = self.placed + self.last
        ordinary_once = sum(1 for k in self.placed if erp.get("%s:%s" % k) == 1)
        not_in_erp = [k for k in self.placed if "%s:%s" % k not in erp]
        doubled = {ref: n for ref, n in erp.items() if n > 1}
        unknown = [ref for ref in erp if tuple(ref.split(":", 1)) not in set(everything)]
        self.say("orders placed: %d (%d ordinary: %d Back Market, %d WooCommerce; %d last-units); in Kanal: %d"
                 % (len(everything), len(self.placed), sum(1 for k in self.placed if k[0] == "bm"),
                    sum(1 for k in self.placed if k[0] == "woo"), len(self.last), len(orders)))
        self.say("ERP: %d ZK documents; ordinary orders in the ERP exactly once: %d of %d; not in the ERP: %d; "
                 "in it more than once: %d; ZKs for orders never placed: %d"
                 % (sum(erp.values()), ordinary_once, len(self.placed), len(not_in_erp), len(doubled), len(unknown)))
        for key in not_in_erp[:10]:
            self.problem("%s:%s not in the ERP (Kanal: %s)" % (key[0], key[1], orders.get(key)))
        for ref, n in list(doubled.items())[:10]:
            self.problem("%s: %d ZK documents" % (ref, n))
        for ref in unknown[:10]:
            self.problem("%s: a ZK for an order never placed" % ref)
        status, gateway = http("GET", "%s/subiekt/%s/_control/gateway" % (self.sandbox_url, self.client))
        if status == 200:
            self.say("ERP gateway: order/add calls received %s, orders added %s, look-ups by reference %s"
                     % (gateway["calls"].get("order/add", 0), gateway["ordersAdded"],
                        sum(n for m, n in gateway["calls"].items() if m != "order/add")))
            if gateway["ordersAdded"] != sum(erp.values()):
                self.problem("the gateway added %s orders, the ERP holds %d ZKs" % (gateway["ordersAdded"], sum(erp.values())))
        # Back Market: every line of an order in the ERP accepted, every line of an order that is not refused
        accepted_lines, refused_lines = 0, 0
        for key in [k for k in everything if k[0] == "bm"]:
            order = self.backmarket_order(key[1])
            wanted = 2 if "%s:%s" % key in erp else 4
            for line in order["orderlines"]:
                if line["state"] != wanted:
                    self.problem("bm:%s line %s in state %s, expected %d" % (key[1], line["listing"], line["state"], wanted))
                accepted_lines += line["state"] == 2
                refused_lines += line["state"] == 4
        self.say("Back Market: lines accepted %d, refused %d" % (accepted_lines, refused_lines))
        owed, untold = self.acknowledgements_owed()
        self.say("acknowledgements owed: %d (never answered by the channel: %d)" % (owed, untold))
        if owed:
            self.problem("%d acknowledgements owed" % owed)
        # the order polls go on every 2 s, so an order message may be on its way at any moment: the
        # order queues must be seen empty at least once within a minute, not at one chosen instant
        deadline = time.time() + 60
        while True:
            counts, why = self.queue_counts()
            if counts is None:
                self.problem("broker queues unreadable: " + why)
                return
            if not any(n for q, n in counts.items() if q.startswith("kanal.orders.")) or time.time() > deadline:
                break
            time.sleep(0.5)
        dlq = {q: n for q, n in counts.items() if q.endswith(".dlq")}
        hops = {q: n for q, n in counts.items() if not q.endswith(".dlq")}
        self.say("broker: messages in dead-letter queues %d (%d queues); in hop queues %d%s"
                 % (sum(dlq.values()), len(dlq), sum(hops.values()),
                    "".join(" %s=%d" % (q, n) for q, n in sorted(counts.items()) if n)))
        if sum(dlq.values()):
            self.problem("messages in dead-letter queues: %s" % {q: n for q, n in dlq.items() if n})
        if any(n for q, n in hops.items() if q.startswith("kanal.orders.")):
            self.problem("order messages left on the broker for a minute: %s" % {q: n for q, n in hops.items() if n})
        self.say("balancer: requests forwarded by node %s" % dict(sorted(self.balancer.forwarded.items())))

    def main(self):
        started = time.time()
        self.prepare()
        self.two_channels()
        self.last_units()
        self.node_killed()
        self.node_joining()
        self.reload_everywhere()
        self.every_side()
        ok = not self.problems
        self.say("RESULT: %s in %.0f s" % ("two nodes, one broker, one database: every order in the ERP exactly once, "
                                          "the last units allocated exactly, a killed node's work taken over, a joining "
                                          "node working, one reload for every node; nothing owed, no dead letter" if ok
                                          else "FAILED (%d violations)" % len(self.problems), time.time() - started))
        self.write_result()
        return ok


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=120, help="orders placed in phases 1 and 3 (half in phase 4)")
    parser.add_argument("--rate", type=int, default=20, help="orders placed per second")
    parser.add_argument("--settle-seconds", type=int, default=300, help="how long a phase may take to settle")
    parser.add_argument("--start-seconds", type=int, default=240, help="how long a node may take to start (health UP)")
    parser.add_argument("--port-base", type=int, help="take ports from here on instead of random free ones")
    args = parser.parse_args()
    run = ScaleOutRun(args)
    if not os.path.exists(run.jar):
        sys.exit("no %s: run ./mvnw -B -q -DskipTests package first" % run.jar)
    try:
        ok = run.main()
    finally:
        run.stop()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
