#!/usr/bin/env bash
# Starts the built jar with class-data sharing (JDK AppCDS), which cuts start-up by about a
# third (docs/performance.md, Start-up): the JVM maps the classes Kanal loads at start from an
# archive instead of reading, parsing and verifying ~24,000 of them from jars each time.
#
# The archive belongs to one build of the jar and one JDK, so it is never committed: the first
# start after a build extracts the jar (Spring Boot's `-Djarmode=tools extract`: the application
# jar plus lib/, the layout CDS needs) to target/kanal-cds/ and makes a training run of the demo
# in a scratch directory (its own H2 file, routes and clients copied from the repository, nothing
# shared with a real installation), stopped once it is up; the JVM writes the archive as it exits.
# That takes about 30 s, once. A later build of the jar, or another JDK, is noticed and the
# archive made again. Without a usable archive (a JDK without a base CDS archive) Kanal starts
# all the same, only slower.
#
# Usage: scripts/kanal.sh [JVM options] [demo|sandboxes|validate ...] [Kanal arguments]
#        scripts/kanal.sh -Xmx512m demo             the demo
#        scripts/kanal.sh -Xmx512m                  production (KANAL_DB_URL, KANAL_ADMIN_PASSWORD, ...)
#        scripts/kanal.sh --prepare-cds             only extract and train (CI, images, before timing)
# Environment: KANAL_JAR (default target/kanal.jar), KANAL_CDS_DIR (default next to the jar:
# kanal-cds/), KANAL_CDS=off (plain `java -jar`, to compare), KANAL_JIT=full (the demo with the
# optimising compiler, as production runs).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
jar=${KANAL_JAR:-$repo/target/kanal.jar}
cds=${KANAL_CDS_DIR:-$(dirname "$jar")/kanal-cds}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
[ -f "$jar" ] || { echo "kanal.sh: no $jar: run ./mvnw -B -q -DskipTests package first" >&2; exit 2; }

say() { echo "kanal.sh: $*" >&2; }

# The archive is valid for this jar on this JDK only (the JVM refuses another JDK's archive, and
# then starts without one): both are recognised by path, size and time, which costs no JVM start.
stamp() {
  local jvm
  jvm=$(dirname "$(dirname "$(readlink -f "$(command -v "$java")")")")/lib/server/libjvm.so
  echo "$(stat -c '%s %Y' "$jar") $jvm $(stat -c '%s %Y' "$jvm" 2>/dev/null)"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 0
}

train() {
  local scratch log port pid up=""
  scratch=$(mktemp -d)
  log="$cds/training.log"
  cp -r "$repo/routes" "$repo/clients" "$scratch/"
  port=$(free_port)
  # a clean environment: the training run must never reach a real database, broker or shop, and
  # its sandboxes listen on loopback only
  (cd "$scratch" && exec env -i PATH="$PATH" HOME="$scratch" ${JAVA_HOME:+JAVA_HOME="$JAVA_HOME"} \
      KANAL_DATA_DIR="$scratch/data" KANAL_ROUTES_DIR="$scratch/routes" KANAL_CLIENTS_DIR="$scratch/clients" \
      SERVER_ADDRESS=127.0.0.1 SERVER_PORT="$port" "$java" -Xmx512m -XX:ArchiveClassesAtExit="$cds/kanal.jsa" -jar "$cds/kanal.jar" demo) \
      > "$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || break
    if grep -q 'Started KanalApplication' "$log"; then up=yes; break; fi
    sleep 0.5
  done
  if [ -n "$up" ]; then
    # one health call, so the classes a request loads are in the archive too
    port=$(sed -n 's/.*Tomcat started on port \([0-9]*\).*/\1/p' "$log" | head -1)
    [ -n "$port" ] && curl -s -m 10 -o /dev/null "http://127.0.0.1:$port/actuator/health" || true
  fi
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$scratch"
  [ -n "$up" ] || say "the training run did not start (see $log); starting without an archive"
}

prepare() {
  [ "${KANAL_CDS:-on}" = off ] && return 0
  local want
  want=$(stamp)
  [ -f "$cds/kanal.jsa" ] && [ "$(cat "$cds/stamp" 2>/dev/null)" = "$want" ] && return 0
  mkdir -p "$(dirname "$cds")"
  exec 9> "$cds.lock"
  flock 9 2>/dev/null || true   # two starts at once: one prepares, the other waits for it
  if [ -f "$cds/kanal.jsa" ] && [ "$(cat "$cds/stamp" 2>/dev/null)" = "$want" ]; then exec 9>&-; return 0; fi
  say "preparing the class-data sharing archive for this build (once; about 30 s) in $cds"
  local started=$SECONDS
  rm -rf "$cds"
  # the archive names the extracted jars by path, so they are extracted where they will be used
  local out
  out=$("$java" -Djarmode=tools -jar "$jar" extract --destination "$cds" 2>&1) || { say "extracting $jar failed: $out"; exit 1; }
  train
  if [ -f "$cds/kanal.jsa" ]; then
    echo "$want" > "$cds/stamp"
    say "archive ready in $((SECONDS - started)) s"
  fi
  exec 9>&-   # Kanal itself must not hold the lock
}

if [ "${1:-}" = --prepare-cds ]; then
  prepare
  exit 0
fi

jvm=()
while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do jvm+=("$1"); shift; done

# The demo and the sandboxes run with the JIT's first tier only: on two cores the optimising
# compiler (C2) took 8.8 s of CPU during a 10.5 s start, beside a main thread of 7.5 s, and a
# demo's light load never needs its code (docs/performance.md, Start-up). Production keeps the
# full JIT. KANAL_JIT=full, or a -XX:TieredStopAtLevel of your own, keeps it for the demo too.
case "${1:-}" in
  demo|sandboxes)
    if [ "${KANAL_JIT:-}" != full ] && [[ " ${jvm[*]:-} " != *" -XX:TieredStopAtLevel="* ]]; then
      jvm+=(-XX:TieredStopAtLevel=1)
    fi ;;
esac

prepare
if [ "${KANAL_CDS:-on}" != off ] && [ -f "$cds/kanal.jsa" ]; then
  exec "$java" "${jvm[@]}" -XX:SharedArchiveFile="$cds/kanal.jsa" -jar "$cds/kanal.jar" "$@"
elif [ "${KANAL_CDS:-on}" != off ] && [ -f "$cds/kanal.jar" ]; then
  exec "$java" "${jvm[@]}" -jar "$cds/kanal.jar" "$@"   # extracted but no archive: still a little faster
else
  exec "$java" "${jvm[@]}" -jar "$jar" "$@"
fi
