#!/usr/bin/env bash
# An external Apache Artemis broker for Kanal, without Docker.
# Usage: scripts/broker.sh start|stop|status
#
# start   fetches the Artemis distribution from Maven Central through the Maven wrapper (once),
#         (re)creates the broker instance from the environment, starts it in the background
#         and returns when its port accepts connections. The instance's etc/ is rewritten on
#         every start (its data/ is kept): change Kanal's queue settings in
#         docker/artemis/broker.properties, the one file compose and this script give the
#         broker, which the instance reads through a link (etc/broker.properties).
# stop    stops the broker cleanly (SIGTERM: the broker closes its journal), at most
#         KANAL_BROKER_STOP_TIMEOUT seconds before SIGKILL.
# status  exit 0 when the broker runs and its port accepts connections, 3 when it does not.
#
# Environment (the first two are required by start: there is no default password):
#   KANAL_BROKER_USER, KANAL_BROKER_PASSWORD   the one broker user; Kanal connects with the same
#                                              variables, the web console logs in with them too
#   KANAL_BROKER_DIR       work directory (default <repository>/data/broker): the distribution,
#                          the instance (instance/data is the journal), broker.pid, broker.log
#   KANAL_BROKER_HOST      address the broker and its console listen on (default 127.0.0.1;
#                          0.0.0.0 for Kanal nodes on other machines)
#   KANAL_BROKER_PORT      the broker's port (default 61616): KANAL_BROKER_URL=tcp://host:port
#   KANAL_BROKER_CONSOLE_PORT  the web console's port (default 8161)
#   KANAL_BROKER_HEAP      the broker's -Xmx (default 512M)
#   KANAL_BROKER_VERSION   the Artemis version (default 2.40.0, the one compose runs)
#   KANAL_BROKER_START_TIMEOUT / KANAL_BROKER_STOP_TIMEOUT   seconds (default 180 / 60)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
settings="$repo/docker/artemis/broker.properties"
version=${KANAL_BROKER_VERSION:-2.40.0}
work=${KANAL_BROKER_DIR:-$repo/data/broker}
host=${KANAL_BROKER_HOST:-127.0.0.1}
port=${KANAL_BROKER_PORT:-61616}
console_port=${KANAL_BROKER_CONSOLE_PORT:-8161}
heap=${KANAL_BROKER_HEAP:-512M}
start_timeout=${KANAL_BROKER_START_TIMEOUT:-180}
stop_timeout=${KANAL_BROKER_STOP_TIMEOUT:-60}
home="$work/apache-artemis-$version"
instance="$work/instance"
pid_file="$work/broker.pid"
log="$work/broker.log"

say() { echo "broker: $*"; }
die() { echo "broker: $*" >&2; exit 1; }

running_pid() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid=$(cat "$pid_file")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# the address to probe: a broker listening on every interface answers on the loopback
probe_host() { [ "$host" = "0.0.0.0" ] && echo 127.0.0.1 || echo "$host"; }

fetch() {
  [ -x "$home/bin/artemis" ] && return
  say "fetching org.apache.activemq:apache-artemis:$version:tar.gz:bin through the Maven wrapper"
  mkdir -p "$work/download"
  (cd "$repo" && ./mvnw -B -q dependency:copy \
      -Dartifact="org.apache.activemq:apache-artemis:$version:tar.gz:bin" \
      -DoutputDirectory="$work/download") || die "could not fetch Artemis $version (see the Maven output above)"
  tar -xzf "$work/download/apache-artemis-$version-bin.tar.gz" -C "$work"
  [ -x "$home/bin/artemis" ] || die "the archive did not unpack to $home"
}

create() {
  # --force rewrites etc/ and bin/ from the arguments and leaves data/ (the journal) alone, so
  # the user, password and ports always follow the environment of this start.
  "$home/bin/artemis" create "$instance" --force --silent \
      --name kanal --user "$KANAL_BROKER_USER" --password "$KANAL_BROKER_PASSWORD" --require-login \
      --host "$host" --default-port "$port" --http-host "$host" --http-port "$console_port" \
      --java-memory "$heap" --no-autotune \
      --no-amqp-acceptor --no-stomp-acceptor --no-mqtt-acceptor --no-hornetq-acceptor \
      > "$work/create.log" 2>&1 || { cat "$work/create.log" >&2; die "artemis create failed"; }
  # Artemis reads etc/broker.properties on start, after broker.xml: Kanal's queues and their
  # redelivery and dead-letter settings, from the repository's one copy.
  ln -sfn "$settings" "$instance/etc/broker.properties"
}

start() {
  : "${KANAL_BROKER_USER:?set KANAL_BROKER_USER, the broker user Kanal and the console log in with}"
  : "${KANAL_BROKER_PASSWORD:?set KANAL_BROKER_PASSWORD, the password of that broker user (there is no default)}"
  [ -f "$settings" ] || die "no $settings"
  if pid=$(running_pid); then
    say "already running (pid $pid); scripts/broker.sh stop first to apply new settings"
    return 0
  fi
  port_open "$(probe_host)" "$port" && die "port $port on $(probe_host) is taken by another process"
  mkdir -p "$work"
  fetch
  create
  say "starting Artemis $version: instance $instance, log $log"
  # setsid: the broker outlives this shell and its terminal; bin/artemis execs java, so the pid is the JVM's
  setsid nohup "$instance/bin/artemis" run > "$log" 2>&1 < /dev/null &
  echo $! > "$pid_file"
  local waited=0
  until port_open "$(probe_host)" "$port"; do
    if ! running_pid > /dev/null; then
      tail -40 "$log" >&2
      rm -f "$pid_file"
      die "the broker exited during start-up (log above, all of it in $log)"
    fi
    [ "$waited" -lt "$start_timeout" ] || { tail -20 "$log" >&2; die "port $port not open after ${start_timeout}s; still starting? see $log"; }
    sleep 1
    waited=$((waited + 1))
  done
  say "running (pid $(cat "$pid_file")): KANAL_BROKER_URL=tcp://$(probe_host):$port, console http://$(probe_host):$console_port/console"
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    rm -f "$pid_file"
    say "not running"
    return 0
  fi
  say "stopping pid $pid"
  kill -TERM "$pid"
  local waited=0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge "$stop_timeout" ]; then
      say "still running after ${stop_timeout}s: SIGKILL (the journal recovers on the next start)"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$pid_file"
  say "stopped"
}

status() {
  local pid
  if pid=$(running_pid) && port_open "$(probe_host)" "$port"; then
    say "running (pid $pid) on tcp://$(probe_host):$port, console http://$(probe_host):$console_port/console"
    return 0
  fi
  if pid=$(running_pid); then
    say "process $pid is up but port $port does not accept connections (starting, or see $log)"
  else
    say "not running"
  fi
  return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
