#!/usr/bin/env bash
# Stop the services test/services/up.sh started:
#
#   bash test/services/down.sh                 # all of them
#   bash test/services/down.sh kafka minio     # only these (names: kafka kafka-default minio gcs prism flink
#                                              # flink-cluster; with no names, all but flink-cluster)
#
# Each is stopped by its pid file (SIGTERM, up to 10 s, then SIGKILL); pid files and data dirs
# are removed, logs stay in the state dir. Safe to run twice or when nothing runs. Uses the same
# SDFKIT_SERVICES_CACHE / SDFKIT_SERVICES_STATE as up.sh.
set -euo pipefail

cache="${SDFKIT_SERVICES_CACHE:-$HOME/.cache/sdfkit-services}"
state="${SDFKIT_SERVICES_STATE:-$cache/run}"

log() { printf '[services] %s\n' "$*" >&2; }

names=("$@")
((${#names[@]})) || names=(kafka kafka-default minio gcs prism flink)
for svc in "${names[@]}"; do
  case $svc in kafka | kafka-default | minio | gcs | prism | flink | flink-cluster) ;; *) log "unknown service '$svc' (expected kafka, kafka-default, minio, gcs, prism, flink or flink-cluster)"; exit 2 ;; esac
done

[[ -d $state ]] || { log "nothing to stop ($state does not exist)"; exit 0; }

# One up.sh/down.sh at a time (up.sh sets SDFKIT_SERVICES_LOCKED when it calls us).
if [[ -z ${SDFKIT_SERVICES_LOCKED:-} ]] && command -v flock >/dev/null 2>&1; then
  exec 9>"$state/.lock"
  flock -w 60 9 || { log "timed out waiting for $state/.lock"; exit 1; }
fi

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

stop() {
  local svc=$1 pidf="$state/$1.pid" pid args
  if [[ -f $pidf ]]; then
    pid=$(<"$pidf")
    args=$( [[ $pid =~ ^[0-9]+$ ]] && ps -o args= -p "$pid" 2>/dev/null || true)
    if [[ -n $args && $args == *"$(signature "$svc")"* ]] && alive "$pid"; then
      stop_pid "$svc" "$pid" 10
    else
      log "$svc: not running (stale pid file)"
    fi
    rm -f "$pidf"
  else
    log "$svc: not running"
  fi
  rm -f "$state/$svc.ports"
  case $svc in
    minio) rm -rf "$state/minio-data" ;;
    kafka) rm -rf "$state/kafka" ;;
    kafka-default) rm -rf "$state/kafka-default" ;;
    flink) rm -rf "$state/flink-artifacts" ;;
  esac
}

for svc in "${names[@]}"; do
  stop "$svc"
  # The session cluster is four processes: the job server (above), then the TaskManagers and the
  # JobManager (each with its own pid file), then their conf, checkpoints and artifacts.
  if [[ $svc == flink-cluster ]]; then
    for part in flink-cluster-tm1 flink-cluster-tm2 flink-cluster-jm; do stop "$part"; done
    rm -rf "$state/flink-cluster"
  fi
done
