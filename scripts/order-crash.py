#!/usr/bin/env python3
"""Kills Kanal with SIGKILL while orders flow, restarts it, and checks that no order was lost or doubled.

Rounds: in each, customers place orders on the Back Market and WooCommerce sandboxes at a steady
pace while Kanal imports them (poll and webhooks), allocates them and creates them in the
sandbox ERP; at a random moment Kanal is killed (kill -9) and started again. The sandboxes run in
a JVM of their own (`java -jar kanal.jar sandboxes`) so the channels and the ERP gateway live on,
as real ones do. When every round is over and Kanal has caught up, each order placed must be in
the ERP exactly once (one ZK whose original number is the order's channel reference) or be
visibly held in Kanal with a reason. Anything else is a failure and the exit code says so.

Two-node mode (--nodes 2): a fresh external broker (scripts/broker.sh, its instance recreated in
data/broker-crash) and two Kanal nodes on it and on the one database, behind a round-robin
balancer in this script (KANAL_PUBLIC_URL of every node, so the shop's webhooks reach whichever
node is up). Round r kills node (r - 1) mod N and starts it again while the others work on.
In every mode the verdict also reads the dead-letter queues (kanal.*.dlq): any message there fails.

Usage (needs PostgreSQL like the tests and a built jar: ./mvnw -B -q -DskipTests package):
    scripts/order-crash.py                       # 1,000 orders, 10 rounds
    scripts/order-crash.py --orders 200 --rounds 3
    scripts/order-crash.py --nodes 2             # 10 kills alternating two nodes on the external broker
Ports: random free ones, or from --port-base on (Kanal nodes, sandboxes, balancer, broker, console).
Database: KANAL_CRASH_DB_URL, KANAL_CRASH_DB_USER / KANAL_CRASH_DB_PASSWORD, each falling back to
the tests' KANAL_TEST_DB_URL / _USER / _PASSWORD (default jdbc:postgresql://127.0.0.1:5432/kanal_test,
kanal / kanal). Each run uses a client
and an ERP schema of its own, so runs never see each other's rows.
Figures go to stdout and to target/crash/<run>/result.txt.
"""
import argparse
import base64
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def ephemeral_range():
    """The kernel's range for outgoing connections' local ports (Linux; the usual default elsewhere)."""
    try:
        with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
            low, high = (int(n) for n in f.read().split())
            return low, high
    except (OSError, ValueError):
        return 32768, 60999


def free_port(taken=()):
    """A free port below the ephemeral range, none of taken. A port the kernel hands out for bind(0)
    is an ephemeral one, which any outgoing connection (a node's pool opening to PostgreSQL or the
    broker) may take before the server meant for it binds: the server then fails to start."""
    low = ephemeral_range()[0]
    for _ in range(1000):
        port = random.randint(min(20000, low - 2000), low - 1)
        if port in taken:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("no free port below the ephemeral range from %d" % low)


def log_tail(path, lines=40):
    """The last lines of a log, with its first ERROR line if that is earlier: what CI output shows of a node that died."""
    try:
        with open(path, errors="replace") as f:
            text = f.read().splitlines()
    except OSError as e:
        return "(unreadable: %s)" % e
    tail = text[-lines:]
    first_error = next((line for line in text if " ERROR " in line or line.startswith("Caused by")), None)
    if first_error and first_error not in tail:
        tail = [first_error, "..."] + tail
    return "\n".join("    " + line[:400] for line in tail)


class Ports:
    """Distinct free ports outside the ephemeral range, or consecutive ones from a base (for machines
    that hand out port ranges)."""

    def __init__(self, base=None):
        self.next = base
        self.taken = set()

    def take(self):
        if self.next is None:
            port = free_port(self.taken)
        else:
            port, self.next = self.next, self.next + 1
        self.taken.add(port)
        return port


def http(method, url, body=None, headers=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text.strip() else None)
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def database_setting(name, default):
    """KANAL_CRASH_DB_<name>, else the tests' KANAL_TEST_DB_<name>, else the default."""
    for variable in ("KANAL_CRASH_DB_" + name, "KANAL_TEST_DB_" + name):
        if os.environ.get(variable):
            return os.environ[variable]
    return default


class Database:
    """psql on the database named by a JDBC URL."""

    def __init__(self, jdbc_url, user, password):
        m = re.match(r"jdbc:postgresql://([^:/]+)(?::(\d+))?/([^?]+)", jdbc_url)
        if not m:
            sys.exit("KANAL_CRASH_DB_URL must be jdbc:postgresql://host[:port]/database, not " + jdbc_url)
        self.host, self.port, self.name = m.group(1), m.group(2) or "5432", m.group(3)
        self.user, self.password = user, password

    def query(self, sql):
        env = dict(os.environ, PGPASSWORD=self.password)
        for attempt in range(30):
            done = subprocess.run(["psql", "-h", self.host, "-p", self.port, "-U", self.user, "-d", self.name,
                                   "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                                  env=env, capture_output=True, text=True)
            if done.returncode != 2:  # 2: no connection (a server out of connection slots, say): try again
                break
            time.sleep(1)
        if done.returncode != 0:
            raise SystemExit("psql failed (exit %d): %s\n%s" % (done.returncode, done.stderr.strip(), sql))
        return [line.split("\t") for line in done.stdout.splitlines() if line]


class Broker:
    """The external broker of scripts/broker.sh: a fresh instance per run (the downloaded distribution is kept)."""

    def __init__(self, work, port, console_port, log):
        self.work = work
        self.url = "tcp://127.0.0.1:%d" % port
        self.console = "http://127.0.0.1:%d" % console_port
        self.user, self.password = "kanal", "crash-broker-" + uuid.uuid4().hex[:8]
        self.env = dict(os.environ, KANAL_BROKER_DIR=work, KANAL_BROKER_HOST="127.0.0.1", KANAL_BROKER_PORT=str(port),
                        KANAL_BROKER_CONSOLE_PORT=str(console_port), KANAL_BROKER_USER=self.user,
                        KANAL_BROKER_PASSWORD=self.password)
        self.log = log

    def script(self, command):
        with open(self.log, "a") as log:
            return subprocess.run([os.path.join(REPO, "scripts", "broker.sh"), command], env=self.env,
                                  stdout=log, stderr=subprocess.STDOUT).returncode

    def start(self):
        shutil.rmtree(os.path.join(self.work, "instance"), ignore_errors=True)
        started = time.time()
        if self.script("start") != 0:
            raise SystemExit("scripts/broker.sh start failed; see " + self.log)
        return time.time() - started

    def stop(self):
        self.script("stop")

    def kanal_env(self):
        return {"KANAL_BROKER_URL": self.url, "KANAL_BROKER_USER": self.user, "KANAL_BROKER_PASSWORD": self.password}

    def queue_counts(self):
        """MessageCount of every kanal.* queue through the console's Jolokia; (None, why) when unreadable."""
        request = {"type": "read", "attribute": "MessageCount",
                   "mbean": "org.apache.activemq.artemis:component=addresses,subcomponent=queues,*"}
        auth = "Basic " + base64.b64encode(("%s:%s" % (self.user, self.password)).encode()).decode()
        try:
            # the console's Jolokia answers requests from its own origin only
            status, body = http("POST", self.console + "/console/jolokia/", request,
                                {"Authorization": auth, "Origin": self.console})
        except OSError as e:
            return None, "the broker's Jolokia unreachable: %s" % e
        return jolokia_queue_counts(status, body)


def jolokia_queue_counts(status, body):
    if status != 200 or not isinstance(body, dict) or body.get("status") != 200:
        return None, "Jolokia answered %s: %s" % (status, str(body)[:300])
    counts = {}
    for mbean, attributes in body["value"].items():
        queue = dict(part.split("=", 1) for part in mbean.split(":", 1)[1].split(","))["queue"].strip('"')
        if queue.startswith("kanal."):
            counts[queue] = int(attributes["MessageCount"])
    return counts, None


class Node:
    """One Kanal process: its port, data directory and log; the process while it runs."""

    def __init__(self, name, port, directory):
        self.name = name
        self.port = port
        self.url = "http://127.0.0.1:%d" % port
        self.data_dir = os.path.join(directory, "data-" + name)
        self.log = os.path.join(directory, "kanal-%s.log" % name)
        self.process = None

    def alive(self):
        return self.process is not None and self.process.poll() is None


class Balancer:
    """A round-robin HTTP balancer over the live nodes, as a load balancer in front of a cluster: a
    node that refuses the connection is skipped, so shops and operators reach whichever node is up."""

    def __init__(self, port, nodes):
        self.nodes = nodes
        self.turn = 0
        self.lock = threading.Lock()
        self.forwarded = {}
        balancer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def forward(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection", "content-length")}
                status, answer, answer_headers = balancer.send(self.command, self.path, body, headers)
                self.send_response(status)
                for k, v in answer_headers:
                    if k.lower() not in ("connection", "content-length", "transfer-encoding"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = forward

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def send(self, method, path, body, headers):
        with self.lock:
            start = self.turn
            self.turn += 1
        for i in range(len(self.nodes)):
            node = self.nodes[(start + i) % len(self.nodes)]
            if not node.alive():
                continue
            request = urllib.request.Request(node.url + path, data=body, method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    answer = (response.status, response.read(), response.getheaders())
            except urllib.error.HTTPError as e:
                answer = (e.code, e.read(), e.headers.items())
            except OSError:
                continue  # refused or cut: the next node
            with self.lock:
                self.forwarded[node.name] = self.forwarded.get(node.name, 0) + 1
            return answer
        return 502, b"no Kanal node answered", []

    def stop(self):
        self.server.shutdown()


class Run:
    def __init__(self, args):
        self.args = args
        self.id = uuid.uuid4().hex[:8]
        self.client = "crash-" + self.id
        self.erp_schema = "erp_crash_" + self.id
        self.dir = os.path.join(REPO, "target", "crash", self.id)
        os.makedirs(os.path.join(self.dir, "clients"))
        self.jar = os.path.join(REPO, "target", "kanal.jar")
        self.ports = ports = Ports(getattr(args, "port_base", None))
        count = getattr(args, "nodes", 1)
        first = getattr(args, "port", 0)
        self.nodes = [Node(chr(ord("a") + i), first if i == 0 and first else ports.take(), self.dir) for i in range(count)]
        if count == 1:
            self.nodes[0].data_dir, self.nodes[0].log = os.path.join(self.dir, "data"), os.path.join(self.dir, "kanal.log")
        self.sandbox_port = getattr(args, "sandbox_port", 0) or ports.take()
        self.broker = None
        self.balancer = None
        if count > 1:
            # one broker for every node: a node's embedded broker would keep its messages to itself
            self.broker = Broker(os.path.join(REPO, "data", "broker-crash"), ports.take(), ports.take(),
                                 os.path.join(self.dir, "broker.log"))
            self.balancer = Balancer(ports.take(), self.nodes)
        self.port = self.nodes[0].port
        # operators, and the shop's webhooks (KANAL_PUBLIC_URL), reach Kanal here: the balancer when there are nodes
        self.kanal_url = self.balancer.url if self.balancer else self.nodes[0].url
        self.sandbox_url = "http://127.0.0.1:%d/sandbox" % self.sandbox_port
        self.db_url = database_setting("URL", "jdbc:postgresql://127.0.0.1:5432/kanal_test")
        self.db_user = database_setting("USER", "kanal")
        self.db_password = database_setting("PASSWORD", "kanal")
        self.db = Database(self.db_url, self.db_user, self.db_password)
        self.bm_token = "bm-crash-" + self.id
        self.woo_key, self.woo_secret = "ck_crash_" + self.id, "cs_crash_" + self.id
        self.admin = "Basic " + base64.b64encode(b"admin:crash-secret").decode()
        self.skus = ["CRASH-%03d" % i for i in range(20)]
        self.sandboxes = None
        self.placed = []          # (account, channel order id)
        self.kills = []           # seconds into the round when a node was killed
        self.restarts = []        # seconds from restart to health UP
        self.lines = []

    def say(self, text):
        print("crash: " + text, flush=True)
        self.lines.append(text)

    # ------------------------------------------------------------------ set-up
    def client_file(self):
        sep = "&" if "?" in self.db_url else "?"
        erp_url = "%s%scurrentSchema=%s" % (self.db_url, sep, self.erp_schema)
        status_bm = ('{"0": awaiting-payment, "8": awaiting-payment, "9": awaiting-payment, "1": to-fulfil, '
                     '"2": to-fulfil, "3": shipped, "4": cancelled, "5": refunded, "6": refunded, "7": cancelled}')
        status_woo = ("{pending: awaiting-payment, processing: to-fulfil, on-hold: awaiting-payment, completed: shipped, "
                      "cancelled: cancelled, refunded: refunded, failed: ignore}")
        yaml = f"""id: {self.client}
name: Crash test client
source:
  type: subiekt
  jdbc-url: "{erp_url}"
  jdbc-user: {self.db_user}
  jdbc-password: "{self.db_password}"
  gateway-url: {self.sandbox_url}/subiekt
  api-key: crash-key
  poll-interval: 2s
fulfilment-centres:
  - {{warehouse: MAG, priority: 1}}
inventory-statuses: [available]
channel-accounts:
  - id: bm
    type: backmarket
    base-url: {self.sandbox_url}/backmarket
    credentials: {{token: {self.bm_token}, user-agent: "BM-Kanal-Crash;crash@kanal.test", accept-language: fr-fr}}
    mapping-mode: sku
    organization-type: channel-name
    status-map: {status_bm}
    warehouses: [MAG]
    inventory-statuses: [available]
    calls-per-minute: 1000          # under the Back Market sandbox's Cloudflare limit (200 per 10 s)
  - id: woo
    type: woocommerce
    base-url: {self.sandbox_url}/woocommerce/wp-json/wc/v3
    credentials: {{consumer-key: {self.woo_key}, consumer-secret: {self.woo_secret}}}
    mapping-mode: sku
    organization-type: shipping-name
    status-map: {status_woo}
    warehouses: [MAG]
    inventory-statuses: [available]
    calls-per-minute: 6000
    webhook-secret: whsec-{self.id}
"""
        with open(os.path.join(self.dir, "clients", self.client + ".yaml"), "w") as f:
            f.write(yaml)

    def start_sandboxes(self):
        self.db.query("CREATE SCHEMA IF NOT EXISTS %s" % self.erp_schema)
        log = open(os.path.join(self.dir, "sandboxes.log"), "w")
        self.sandboxes = subprocess.Popen(
            ["java", "-Xmx1g", "-jar", self.jar, "sandboxes", "--server.port=%d" % self.sandbox_port,
             "--kanal.clients-dir=" + os.path.join(self.dir, "clients"),
             "--kanal.data-dir=" + os.path.join(self.dir, "sandbox-data")],
            stdout=log, stderr=subprocess.STDOUT, cwd=self.dir)
        self.wait_for(lambda: self.answers(self.sandbox_url + "/woocommerce/_control/shops/none/stats"),
                      max(120, self.args.start_seconds), "the sandboxes")

    def seed(self):
        stock = [{"symbol": sku, "warehouse": "MAG", "onHand": 100000, "reserved": 0} for sku in self.skus]
        status, body = http("PUT", "%s/subiekt/%s/_control/stock" % (self.sandbox_url, self.client), stock)
        assert status < 300, ("ERP stock", status, body)
        auth = {"Authorization": "Basic " + self.bm_token}
        listings = [{"sku": sku, "title": "Crash phone " + sku, "quantity": 0, "price": "199.00"} for sku in self.skus]
        status, body = http("POST", self.sandbox_url + "/backmarket/_control/listings", listings, auth)
        assert status < 300, ("Back Market listings", status, body)
        status, body = http("POST", self.sandbox_url + "/woocommerce/_control/shops",
                            {"consumer_key": self.woo_key, "consumer_secret": self.woo_secret, "currency": "EUR"})
        assert status < 300, ("WooCommerce shop", status, body)
        products = [{"name": "Crash phone " + sku, "sku": sku, "regular_price": "99.00", "manage_stock": True,
                     "stock_quantity": 0} for sku in self.skus]
        status, body = http("POST", "%s/woocommerce/_control/shops/%s/products" % (self.sandbox_url, self.woo_key), products)
        assert status < 300, ("WooCommerce products", status, body)

    @property
    def kanal(self):
        """The first node's process (the only one without --nodes)."""
        return self.nodes[0].process

    def kanal_env(self, node):
        env = dict(os.environ, KANAL_DB_URL=self.db_url, KANAL_DB_USER=self.db_user, KANAL_DB_PASSWORD=self.db_password,
                   KANAL_CLIENTS_DIR=os.path.join(self.dir, "clients"), KANAL_DATA_DIR=node.data_dir,
                   KANAL_ROUTES_DIR=os.path.join(REPO, "routes"),
                   KANAL_ADMIN_PASSWORD="crash-secret", KANAL_ORDER_POLL_INTERVAL="2s", KANAL_PUBLIC_URL=self.kanal_url,
                   SERVER_PORT=str(node.port))
        for name in ("KANAL_BROKER_URL", "KANAL_BROKER_USER", "KANAL_BROKER_PASSWORD", "KANAL_BROKER_MODE"):
            env.pop(name, None)
        if self.broker:
            env.update(self.broker.kanal_env())
        return env

    def launch(self, node):
        """Starts a node's process without waiting for it."""
        log = open(node.log, "a")
        # production mode (no command): the sandboxes are the other JVM's, as real channels would be
        node.process = subprocess.Popen(["java", "-Xmx512m", "-jar", self.jar], stdout=log, stderr=subprocess.STDOUT,
                                        cwd=self.dir, env=self.kanal_env(node))
        node.started = time.time()

    def start_kanal(self, index=0):
        """Starts node index (the only one without --nodes) and returns the seconds to its health UP."""
        node = self.nodes[index]
        self.launch(node)
        self.wait_for(lambda: self.health_up(node), self.args.start_seconds, "node %s's health UP" % node.name)
        return time.time() - node.started

    def start_all(self):
        """Starts every node at once (they migrate and schedule on one database together) and waits for all."""
        for node in self.nodes:
            self.launch(node)
        for node in self.nodes:
            self.wait_for(lambda: self.health_up(node), self.args.start_seconds, "node %s's health UP" % node.name)
        return max(time.time() - node.started for node in self.nodes)

    def kill_kanal(self, index=0):
        node = self.nodes[index]
        os.kill(node.process.pid, signal.SIGKILL)
        node.process.wait()

    def health_up(self, node=None):
        node = node or self.nodes[0]
        if node.process.poll() is not None:
            raise SystemExit("Kanal node %s exited on its own (exit %s); see %s, which ends:\n%s"
                             % (node.name, node.process.returncode, node.log, log_tail(node.log)))
        try:
            status, body = http("GET", node.url + "/actuator/health", timeout=2)
            return status == 200 and isinstance(body, dict) and body.get("status") == "UP"
        except OSError:
            return False

    def dead_letters(self):
        """Messages in every kanal.*.dlq queue, None with the reason when unreadable: through the external
        broker's console, or through Kanal's Jolokia (admin login) for the embedded broker."""
        counts, why = self.queue_counts()
        return (None, why) if counts is None else ({q: n for q, n in counts.items() if q.endswith(".dlq")}, None)

    def queue_counts(self):
        if self.broker:
            return self.broker.queue_counts()
        request = {"type": "read", "attribute": "MessageCount",
                   "mbean": "org.apache.activemq.artemis:component=addresses,subcomponent=queues,*"}
        try:
            status, body = http("POST", self.kanal_url + "/actuator/jolokia", request, {"Authorization": self.admin})
        except OSError as e:
            return None, "Jolokia unreachable: %s" % e
        return jolokia_queue_counts(status, body)

    def answers(self, url):
        try:
            http("GET", url, timeout=2)
            return True
        except OSError:
            return False

    def wait_for(self, condition, seconds, what):
        deadline = time.time() + seconds
        while not condition():
            if time.time() > deadline:
                raise SystemExit("timed out after %d s waiting for %s" % (seconds, what))
            time.sleep(0.2)

    def admin_post(self, path):
        return http("POST", self.kanal_url + path, None, {"Authorization": self.admin})

    # ------------------------------------------------------------------ orders
    def place(self, n):
        """One customer order, alternating channels; one or two lines of random SKUs."""
        lines = random.sample(self.skus, random.choice([1, 1, 2]))
        if n % 2 == 0:
            body = {"orderlines": [{"listing": sku, "quantity": 1, "price": "199.00"} for sku in lines],
                    "shipping_address": {"firstName": "Ada", "lastName": "Crash %d" % n, "country": "FR"}}
            status, order = http("POST", self.sandbox_url + "/backmarket/_control/orders", body,
                                 {"Authorization": "Basic " + self.bm_token})
            assert status == 201, ("Back Market order", status, order)
            return "bm", str(order["order_id"])
        body = {"status": "processing", "set_paid": True, "payment_method": random.choice(["bacs", "cod"]),
                "billing": {"first_name": "Bo", "last_name": "Crash %d" % n},
                "shipping": {"first_name": "Bo", "last_name": "Crash %d" % n},
                "line_items": [{"sku": sku, "quantity": 1} for sku in lines]}
        status, order = http("POST", "%s/woocommerce/_control/shops/%s/orders" % (self.sandbox_url, self.woo_key), body)
        assert status == 201, ("WooCommerce order", status, order)
        return "woo", str(order["id"])

    def round(self, r, count):
        placing_seconds = count / self.args.rate
        kill_at = random.uniform(0.1, 0.9) * placing_seconds + 0.5
        placed = []

        def customers():
            for i in range(count):
                placed.append(self.place(len(self.placed) + len(placed)))
                time.sleep(1.0 / self.args.rate)

        victim = (r - 1) % len(self.nodes)
        shoppers = threading.Thread(target=customers)
        started = time.time()
        shoppers.start()
        time.sleep(kill_at)
        self.kill_kanal(victim)
        killed = time.time() - started
        shoppers.join()
        self.placed.extend(placed)
        up = self.start_kanal(victim)
        self.kills.append(killed)
        self.restarts.append(up)
        who = "Kanal" if len(self.nodes) == 1 else "node %s" % self.nodes[victim].name
        self.say("round %d: %d orders placed over %.1f s, %s killed (SIGKILL) %.1f s in, health UP %.1f s after restart"
                 % (r, count, time.time() - started - up, who, killed, up))

    # ------------------------------------------------------------------ the verdict
    def kanal_orders(self):
        rows = self.db.query("""
            SELECT a.code, o.channel_order_id, o.status, coalesce(o.erp_order_ref, ''), coalesce(o.hold_reason, '')
              FROM sales_order o JOIN client c ON c.id = o.client_id JOIN channel_account a ON a.id = o.channel_account_id
             WHERE c.code = '%s'""" % self.client)
        return {(r[0], r[1]): r for r in rows}

    def erp_documents(self):
        # ZKs only (dok_Typ 16): a WZ realizing one carries the same original number
        rows = self.db.query("SELECT dok_NrPelnyOryg, count(*) FROM %s.dok__Dokument WHERE dok_Typ = 16 GROUP BY dok_NrPelnyOryg"
                             % self.erp_schema)
        return {r[0]: int(r[1]) for r in rows}

    def acknowledgements_owed(self):
        """Lines the channel still shows waiting for the seller's accept/refuse that Kanal owes an answer
        (view acknowledgement_owed), and of those the ones Kanal never had a 2xx for."""
        rows = self.db.query("""
            SELECT count(*), count(*) FILTER (WHERE v.channel_ack IS NULL)
              FROM acknowledgement_owed v JOIN client c ON c.id = v.client_id WHERE c.code = '%s'""" % self.client)
        return int(rows[0][0]), int(rows[0][1])

    def settled(self):
        orders = self.kanal_orders()
        erp = self.erp_documents()
        return all(key in orders and (orders[key][2] == "HELD" or "%s:%s" % key in erp) for key in self.placed) \
            and self.acknowledgements_owed()[0] == 0

    def verdict(self):
        orders = self.kanal_orders()
        erp = self.erp_documents()
        once = sum(1 for key in self.placed if erp.get("%s:%s" % key) == 1)
        held = [orders[key] for key in self.placed if key in orders and orders[key][2] == "HELD" and "%s:%s" % key not in erp]
        doubled = {ref: n for ref, n in erp.items() if n > 1}
        lost = [key for key in self.placed if "%s:%s" % key not in erp and not (key in orders and orders[key][2] == "HELD")]
        unknown = [ref for ref in erp if tuple(ref.split(":", 1)) not in set(self.placed)]
        self.say("orders placed on the channels: %d (%d Back Market, %d WooCommerce)" % (
            len(self.placed), sum(1 for k in self.placed if k[0] == "bm"), sum(1 for k in self.placed if k[0] == "woo")))
        self.say("orders in Kanal: %d (one row per channel order: the import key is unique)" % len(orders))
        self.say("in the ERP exactly once: %d; held in Kanal with a reason: %d; lost: %d; in the ERP more than once: %d; "
                 "ERP documents for orders never placed: %d" % (once, len(held), len(lost), len(doubled), len(unknown)))
        owed, untold = self.acknowledgements_owed()
        self.say("acknowledgements owed: %d (never answered by the channel: %d)" % (owed, untold))
        dlq, why = self.dead_letters()
        if dlq is None:
            self.say("dead letters: unreadable (%s)" % why)
        else:
            self.say("dead letters: %d in %d kanal.*.dlq queues%s" % (
                sum(dlq.values()), len(dlq), "".join(" %s=%d" % (q, n) for q, n in sorted(dlq.items()) if n)))
        for row in held[:10]:
            self.say("  held %s:%s: %s" % (row[0], row[1], row[4]))
        for key in lost[:10]:
            self.say("  LOST %s:%s (Kanal: %s)" % (key[0], key[1], orders.get(key)))
        for ref, n in list(doubled.items())[:10]:
            self.say("  DOUBLED %s: %d ZK documents" % (ref, n))
        return not lost and not doubled and not unknown and owed == 0 and dlq is not None and sum(dlq.values()) == 0

    def announce(self):
        self.say("run %s: %d orders in %d rounds at %d orders/s, client %s, ERP schema %s, files in %s" % (
            self.id, self.args.orders, self.args.rounds, self.args.rate, self.client, self.erp_schema, self.dir))

    def prepare(self):
        """Sandboxes up and seeded, Kanal up with every listing mapped and the shop's webhooks registered."""
        self.announce()
        self.client_file()
        if self.broker:
            self.say("external broker up in %.1f s on %s (scripts/broker.sh, instance in %s)"
                     % (self.broker.start(), self.broker.url, self.broker.work))
        self.start_sandboxes()
        self.seed()
        if self.broker:
            up = self.start_all()
            self.say("%d Kanal nodes up in %.1f s (%s), one PostgreSQL, the external broker, behind the balancer %s"
                     % (len(self.nodes), up, ", ".join("%s on %d" % (n.name, n.port) for n in self.nodes), self.balancer.url))
        else:
            up = self.start_kanal()
            self.say("Kanal up in %.1f s (PostgreSQL, embedded broker with its journal in %s)" % (up, self.nodes[0].data_dir))
        # listings map by SKU, and the SKUs exist once the first ERP poll has stored them
        for account in ("bm", "woo"):
            deadline = time.time() + 120
            while True:
                status, body = self.admin_post("/admin/clients/%s/accounts/%s/listings/import?wait=true" % (self.client, account))
                assert status == 200, ("listing import", account, status, body)
                if body.get("unmapped") == 0:
                    break
                if time.time() > deadline:
                    raise SystemExit("listings of %s still unmapped after 120 s: %s" % (account, body))
                time.sleep(1)
        status, body = self.admin_post("/admin/clients/%s/accounts/woo/webhooks" % self.client)
        assert status < 300, ("webhook registration", status, body)

    def run_rounds(self):
        """Every round (orders placed, Kanal killed and restarted), then waits, bounded, until settled."""
        per_round = [self.args.orders // self.args.rounds + (1 if r < self.args.orders % self.args.rounds else 0)
                     for r in range(self.args.rounds)]
        started = time.time()
        for r, count in enumerate(per_round, 1):
            self.round(r, count)
        self.say("all rounds done in %.0f s; waiting for Kanal to catch up" % (time.time() - started))
        caught_up = time.time()
        deadline = caught_up + self.args.settle_seconds
        while not self.settled() and time.time() < deadline:
            time.sleep(2)
        self.say("caught up %.0f s after the last round" % (time.time() - caught_up))

    def write_result(self):
        with open(os.path.join(self.dir, "result.txt"), "w") as f:
            f.write("\n".join(self.lines) + "\n")

    def main(self):
        self.prepare()
        self.run_rounds()
        ok = self.verdict()
        self.say("RESULT: %s" % ("every order in the ERP exactly once or visibly held; none lost, none duplicated, "
                                 "nothing owed, no dead letter"
                                 if ok else "FAILED"))
        self.write_result()
        return ok

    def stop(self):
        for process in [node.process for node in self.nodes] + [self.sandboxes]:
            if process and process.poll() is None:
                process.terminate()
        for process in [node.process for node in self.nodes] + [self.sandboxes]:
            if process:
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
        if self.balancer:
            self.balancer.stop()
        if self.broker:
            self.broker.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--rate", type=int, default=20, help="orders placed per second during a round")
    parser.add_argument("--settle-seconds", type=int, default=600, help="how long Kanal may take to catch up at the end")
    parser.add_argument("--start-seconds", type=int, default=180, help="how long Kanal may take to start (health UP)")
    parser.add_argument("--nodes", type=int, default=1,
                        help="Kanal nodes; more than one run on an external broker (scripts/broker.sh), kills alternating")
    parser.add_argument("--port", type=int, default=0, help="Kanal's HTTP port, node a's with --nodes (default: a free one)")
    parser.add_argument("--sandbox-port", type=int, default=0, help="the sandboxes' HTTP port (default: a free one)")
    parser.add_argument("--port-base", type=int, help="take the other ports from here on instead of random free ones")
    args = parser.parse_args()
    if args.nodes < 1:
        parser.error("--nodes must be at least 1")
    run = Run(args)
    if not os.path.exists(run.jar):
        sys.exit("no %s: run ./mvnw -B -q -DskipTests package first" % run.jar)
    try:
        ok = run.main()
    finally:
        run.stop()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
