#!/usr/bin/env python3
"""Floods a running Kanal's webhook with oversized unsigned bodies and checks it survives.

Sends one 400 MB unsigned POST to a webhook URL, then four at once (half of them chunked,
without Content-Length), each body generated as it is sent (nothing is written to disk).
With --wrong-signature the bodies carry a made-up signature, so Kanal has to read a chunked
body up to its limit (413) instead of refusing it unsigned (401) after a ping's length.
For each it prints the status and how long the answer took from the first byte sent, and
how much of the body had been sent when the answer came. Then it checks /actuator/health
and, when given a PID, the JVM's heap (jcmd GC.heap_info) before and after.

Usage:
  scripts/webhook-flood.py http://localhost:8080/webhooks/woocommerce/acme/woo [--size-mb 400]
                           [--health http://localhost:8080/actuator/health] [--pid <kanal pid>]
                           [--wrong-signature]

Exit status 0 when every request was answered 413 (or refused) and health is UP afterwards.
Standard library only.
"""
import argparse
import json
import select
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

PIECE = b"a" * (64 * 1024)


def flood_once(url, size, chunked, signature=None):
    """One POST of `size` bytes; returns (status, seconds to the answer, MB sent by then, note)."""
    parts = urllib.parse.urlsplit(url)
    host, port = parts.hostname, parts.port or 80
    head = [f"POST {parts.path or '/'} HTTP/1.1", f"Host: {host}:{port}", "Content-Type: application/json",
            "X-WC-Webhook-Topic: order.created"]
    if signature:
        head.append(f"X-WC-Webhook-Signature: {signature}")
    head.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}")
    sock = socket.create_connection((host, port), timeout=120)
    started = time.monotonic()
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("ascii"))
    sent = 0
    answer = b""
    answered_at = None
    sent_at_answer = None
    note = ""
    sock.setblocking(False)
    try:
        while True:
            readable, writable, _ = select.select([sock], [sock] if sent < size else [], [], 60)
            if not readable and not writable:
                note = "no progress for 60 s"
                break
            if readable:
                data = sock.recv(65536)
                if not data:
                    break
                if answered_at is None:
                    answered_at = time.monotonic()
                    sent_at_answer = sent
                answer += data
                if b"\r\n\r\n" in answer and answer.endswith(b"}"):
                    break
                continue
            if writable and sent < size:
                n = min(len(PIECE), size - sent)
                chunk = PIECE[:n]
                if chunked:
                    chunk = f"{n:x}\r\n".encode("ascii") + chunk + b"\r\n"
                try:
                    written = sock.send(chunk)
                except BlockingIOError:
                    continue
                except OSError as e:  # the server closed the connection on us: what a refusal does
                    note = f"server closed while sending ({e.__class__.__name__})"
                    # the answer may still be waiting in our receive buffer
                    sock.setblocking(True)
                    sock.settimeout(5)
                    try:
                        rest = sock.recv(65536)
                        if rest and answered_at is None:
                            answered_at, sent_at_answer = time.monotonic(), sent
                        answer += rest
                    except OSError:
                        pass
                    break
                if chunked:
                    # a partial send of a framed chunk would corrupt the framing: finish it blocking
                    if written < len(chunk):
                        sock.setblocking(True)
                        sock.sendall(chunk[written:])
                        sock.setblocking(False)
                    sent += n
                else:
                    sent += written
                if sent >= size and chunked:
                    sock.setblocking(True)
                    sock.sendall(b"0\r\n\r\n")
                    sock.setblocking(False)
    finally:
        sock.close()
    status = None
    if answer.startswith(b"HTTP/1."):
        try:
            status = int(answer[9:12])
        except ValueError:
            pass
    took = (answered_at or time.monotonic()) - started
    return status, took, (sent_at_answer if sent_at_answer is not None else sent) / 1e6, note


def heap(pid):
    if not pid:
        return None
    try:
        out = subprocess.run(["jcmd", str(pid), "GC.heap_info"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    line = next((l.strip() for l in out.splitlines() if "total" in l and "used" in l), None)
    return line


def health(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, json.loads(r.read().decode()).get("status")
    except Exception as e:  # noqa: BLE001 - report whatever went wrong
        return None, str(e)


def report(label, result):
    status, took, mb, note = result
    print(f"{label}: status {status}, answered after {took * 1000:.0f} ms, {mb:.1f} MB of the body sent by then"
          + (f"; {note}" if note else ""), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="a webhook URL, e.g. http://localhost:8080/webhooks/woocommerce/acme/woo")
    parser.add_argument("--size-mb", type=int, default=400)
    parser.add_argument("--health", help="health URL (default: <base>/actuator/health)")
    parser.add_argument("--pid", type=int, help="Kanal's PID, to print its heap with jcmd")
    parser.add_argument("--wrong-signature", action="store_true",
                        help="send a (wrong) signature, so Kanal reads chunked bodies up to its limit before refusing")
    args = parser.parse_args()
    size = args.size_mb * 1024 * 1024
    base = urllib.parse.urlsplit(args.url)
    health_url = args.health or f"{base.scheme}://{base.netloc}/actuator/health"

    print(f"health before: {health(health_url)}", flush=True)
    print(f"heap before: {heap(args.pid)}", flush=True)
    results = []
    signature = "d3Jvbmctc2lnbmF0dXJl" if args.wrong_signature else None
    one = flood_once(args.url, size, False, signature)
    report(f"1 x {args.size_mb} MB with Content-Length", one)
    results.append(one)

    four = [None] * 4

    def run(i):
        four[i] = flood_once(args.url, size, i % 2 == 1, signature)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for i, r in enumerate(four):
        report(f"4 at once, #{i + 1} ({'chunked' if i % 2 else 'Content-Length'})", r)
    results.extend(four)

    print(f"heap after: {heap(args.pid)}", flush=True)
    code, state = health(health_url)
    print(f"health after: {code} {state}", flush=True)
    refused = all(r[0] in (413, 401) for r in results)
    ok = refused and state == "UP"
    print("webhook-flood: " + ("OK" if ok else "FAILED"), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
