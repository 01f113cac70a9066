#!/usr/bin/env bash
# Restart the Kafka broker that test/services/up.sh started, keeping its data and ports:
#
#   bash test/services/kafka-restart.sh               # stop it, start it again, wait until ready
#   bash test/services/kafka-restart.sh --down-for 3  # stay stopped 3 s before starting again
#   bash test/services/kafka-restart.sh --kill        # SIGKILL instead of a clean stop (a crash)
#   bash test/services/kafka-restart.sh --service kafka-default   # the default-settings broker
#
# For tests of clients that must survive a broker going away and coming back. The broker is
# stopped like down.sh stops it (SIGTERM, SIGKILL after 30 s) but its data dir
# ($state/kafka/data) is kept, and it is started again with the very command line it ran with
# (read from /proc/<pid>/cmdline: same jars, config file, log dir, listeners and ports), logging
# to $state/kafka.log and recorded in $state/kafka.pid, so up.sh reuses it and down.sh stops it.
#
# Takes the same lock as up.sh/down.sh ($state/.lock; not when SDFKIT_SERVICES_LOCKED is set),
# so it never overlaps them. Uses the same SDFKIT_SERVICES_CACHE / SDFKIT_SERVICES_STATE and
# SDFKIT_SERVICES_TIMEOUT (default 90 s to become ready). Prints nothing on stdout; progress
# goes to stderr. Fails if no broker started by up.sh is running.
set -euo pipefail

cache="${SDFKIT_SERVICES_CACHE:-$HOME/.cache/sdfkit-services}"
state="${SDFKIT_SERVICES_STATE:-$cache/run}"
ready_timeout="${SDFKIT_SERVICES_TIMEOUT:-90}"
down_for=0
kill_hard=0
svc=kafka

exec 3>&1 1>&2
log() { printf '[services] %s\n' "$*"; }
die() { printf '[services] ERROR: %s\n' "$*"; exit 1; }

while (($#)); do
  case $1 in
    --down-for)
      [[ ${2:-} =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--down-for needs a number of seconds, got '${2:-}'"
      down_for=$2
      shift 2
      ;;
    --kill)
      kill_hard=1
      shift
      ;;
    --service)
      [[ ${2:-} == kafka || ${2:-} == kafka-default ]] || die "--service needs kafka or kafka-default, got '${2:-}'"
      svc=$2
      shift 2
      ;;
    -h | --help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (expected --down-for SECONDS, --kill or --service NAME)" ;;
  esac
done
[[ $ready_timeout =~ ^[0-9]+$ ]] || die "SDFKIT_SERVICES_TIMEOUT=$ready_timeout is not a number of seconds"
[[ -d $state ]] || die "no state dir $state: start the services with test/services/up.sh first"

# One up.sh/down.sh/kafka-restart.sh at a time per state dir.
if [[ -z ${SDFKIT_SERVICES_LOCKED:-} ]] && command -v flock >/dev/null 2>&1; then
  exec 9>"$state/.lock"
  flock -w 300 9 || die "timed out waiting for $state/.lock"
fi

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

pidf="$state/$svc.pid"
[[ -f $pidf ]] || die "$svc is not running (no $pidf): start it with test/services/up.sh"
pid=$(<"$pidf")
[[ $pid =~ ^[0-9]+$ ]] && alive "$pid" && [[ -r /proc/$pid/cmdline ]] || die "$svc is not running (stale $pidf): start it with test/services/up.sh"
mapfile -d '' argv <"/proc/$pid/cmdline"
[[ " ${argv[*]} " == *" kafka.Kafka "* ]] || die "pid $pid in $pidf is not a Kafka broker (${argv[*]:0:3} ...)"
ports=$(cat "$state/$svc.ports" 2>/dev/null || true)
[[ -n $ports ]] || die "no $state/$svc.ports: was this broker started by test/services/up.sh?"

# Stop it, keeping the data dir.
t0=$SECONDS
if ((kill_hard)); then
  kill -KILL "$pid" 2>/dev/null || true
  for _ in $(seq 100); do alive "$pid" || break; sleep 0.1; done
else
  stop_pid "$svc" "$pid" 30
fi
alive "$pid" && die "$svc: pid $pid does not stop"
for port in $ports; do
  for _ in $(seq 50); do port_open "$port" || break; sleep 0.2; done
  ! port_open "$port" || die "port $port is still in use after stopping $svc"
done
sleep "$down_for"

# Start it again with the same command line, as up.sh's launch does (own session, no fds).
log_size=$(stat -c %s "$state/$svc.log" 2>/dev/null || echo 0)
detach=()
command -v setsid >/dev/null 2>&1 && detach=(setsid)
"${detach[@]}" "${argv[@]}" >>"$state/$svc.log" 2>&1 </dev/null 3>&- 9>&- &
pid=$!
echo "$pid" >"$pidf"

first_port=${ports%% *}
deadline=$((SECONDS + ready_timeout))
until port_open "$first_port" && tail -c +"$((log_size + 1))" "$state/$svc.log" | grep -q "Kafka Server started"; do
  if ! alive "$pid"; then
    log "$svc (pid $pid) exited while restarting; last 30 lines of $state/$svc.log:"
    tail -n 30 "$state/$svc.log" | sed 's/^/    /'
    exit 1
  fi
  ((SECONDS < deadline)) || die "$svc (pid $pid) not ready $ready_timeout s after restarting; see $state/$svc.log"
  sleep 0.2
done
log "$svc: restarted as pid $pid (127.0.0.1:${ports// /,}) in $((SECONDS - t0)) s"
