#!/usr/bin/env bash
# Start the integration-test services on 127.0.0.1 and print `export` lines for them:
#
#   eval "$(bash test/services/up.sh)"   # Kafka (KRaft), MinIO (S3), fake-gcs-server (GCS),
#                                        # Prism and Flink's job server (Beam portable runners)
#   bash test/services/down.sh           # stop them
#
# stdout carries nothing but `export NAME=value` lines for KAFKA_BROKERS, S3_ENDPOINT,
# AWS_ENDPOINT_URL_S3, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, GCS_ENDPOINT and
# PRISM_JOB_ENDPOINT, FLINK_JOB_ENDPOINT and KAFKA_DEFAULT_BROKERS (host:port, no scheme: the Beam TypeScript SDK's
# `PortableRunner({ jobEndpoint })`); progress and errors go to stderr. STORAGE_EMULATOR_HOST is
# deliberately NOT exported: the GCS Node SDK would use it verbatim as its API base URL and 404
# (see SERVICES.md); pass GCS_ENDPOINT as `apiEndpoint` instead.
#
# Builds are cached in $SDFKIT_SERVICES_CACHE (default ~/.cache/sdfkit-services): MinIO,
# fake-gcs-server and Prism with `go install` into bin/, Kafka's jars with Maven into
# kafka-<version>/lib, Beam's Flink runner (Flink 1.19, Beam 2.62.0) with Maven into flink-<beam version>/lib.
# A cold build takes several minutes (builds run in parallel); afterwards startup takes seconds.
# Needs curl and Java 17+, plus go / mvn only while something is left to build.
#
# Runtime state lives in $SDFKIT_SERVICES_STATE (default $cache/run): <name>.pid, <name>.log,
# <name>.ports, and the data dirs (MinIO and Kafka get fresh ones each time they are started;
# fake-gcs-server keeps objects in memory, Prism its jobs).
#
# Ports (env var, default): SDFKIT_S3_PORT 19000, SDFKIT_S3_CONSOLE_PORT 19001,
# SDFKIT_GCS_PORT 19443, SDFKIT_KAFKA_PORT 19092, SDFKIT_KAFKA_CONTROLLER_PORT 19093,
# SDFKIT_KAFKA_DEFAULT_PORT 19094, SDFKIT_KAFKA_DEFAULT_CONTROLLER_PORT 19095 (a second broker,
# `kafka-default`, with Kafka's default group settings: no `group.initial.rebalance.delay.ms`
# override, so joining a consumer group waits the real 3 s; exported as KAFKA_DEFAULT_BROKERS),
# SDFKIT_PRISM_JOB_PORT 19073, SDFKIT_PRISM_WEB_PORT 19074 (Prism's job service and web UI),
# SDFKIT_FLINK_JOB_PORT 19081, SDFKIT_FLINK_ARTIFACT_PORT 19082, SDFKIT_FLINK_EXPANSION_PORT 19083
# (Flink's job server, running Flink in-process: `--flink-master=[local]`).
# Opt-in, never in the default list: `flink-cluster` (SDFKIT_SERVICES=flink-cluster), a Flink session
# cluster: a JobManager (SDFKIT_FLINK_CLUSTER_REST_PORT 19181, _RPC_PORT 19182, _BLOB_PORT 19183),
# TaskManagers tm1/tm2 (SDFKIT_FLINK_CLUSTER_TM1_PORT 19184, _TM2_PORT 19185, their RPC ports;
# data ports are ephemeral), each its own JVM, RocksDB state backend, checkpoints under
# $state/flink-cluster/checkpoints; then Beam's job server submitting to it
# (SDFKIT_FLINK_CLUSTER_JOB_PORT 19186, _ARTIFACT_PORT 19187, _EXPANSION_PORT 19188). Only when it
# is asked for does stdout also carry FLINK_CLUSTER_JOB_ENDPOINT and FLINK_CLUSTER_REST (the
# JobManager's REST URL). Check it with test/services/flink-cluster-check.mjs.
# Everything binds 127.0.0.1 except Prism's job port and Flink's job and artifact ports: neither
# has a host flag, so they listen on all interfaces (Prism's web UI does bind 127.0.0.1), and
# while they run anyone who can reach this machine can submit jobs to them; use a trusted
# network or firewall those ports. SDFKIT_SERVICES=<names> starts only those (e.g. without flink).
# SDFKIT_SERVICES_TIMEOUT (default 90): seconds each service may take to become ready.
#
# Reuse and ownership: a service that an earlier up.sh started and that is still alive and ready
# (on the configured ports) is reused, not restarted. up.sh writes the names of the services it
# started itself in this run, one per line (a subset of `kafka minio gcs prism`; an empty file when
# everything was reused), to $SDFKIT_SERVICES_STARTED_FILE (default $state/started-by-last-up).
# The vitest global setup (test/setup/services.ts) passes exactly those names to `down.sh` on
# teardown, so services a developer started by hand keep running; SDFKIT_SERVICES_KEEP=1 makes
# the setup stop nothing. If up.sh fails, it stops whatever it started in that run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${SDFKIT_SERVICES_CACHE:-$HOME/.cache/sdfkit-services}"
state="${SDFKIT_SERVICES_STATE:-$cache/run}"
started_file="${SDFKIT_SERVICES_STARTED_FILE:-$state/started-by-last-up}"
ready_timeout="${SDFKIT_SERVICES_TIMEOUT:-90}"

# Pinned versions (SERVICES.md): MinIO has no semver tags, so a pseudo-version.
MINIO_MODULE=github.com/minio/minio
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
GCS_MODULE=github.com/fsouza/fake-gcs-server
GCS_VERSION=v1.56.1
# Prism: the package lives in Beam's Go SDK module (which `go version -m` reports).
PRISM_PACKAGE=github.com/apache/beam/sdks/v2/go/cmd/prism
PRISM_MODULE=github.com/apache/beam/sdks/v2
PRISM_VERSION=v2.77.0
KAFKA_VERSION=4.1.1
# Beam's Flink runner: the job server's packaged jar is not served by Maven Central, the runner is.
FLINK_BEAM_VERSION=2.62.0

# Fixed test credentials for MinIO (exported as the AWS_* variables).
S3_USER=sdfkit-test
S3_PASSWORD=sdfkit-test-secret
S3_REGION=us-east-1

declare -A port=(
  [s3]="${SDFKIT_S3_PORT:-19000}"
  [s3_console]="${SDFKIT_S3_CONSOLE_PORT:-19001}"
  [gcs]="${SDFKIT_GCS_PORT:-19443}"
  [kafka]="${SDFKIT_KAFKA_PORT:-19092}"
  [kafka_controller]="${SDFKIT_KAFKA_CONTROLLER_PORT:-19093}"
  [kafka_default]="${SDFKIT_KAFKA_DEFAULT_PORT:-19094}"
  [kafka_default_controller]="${SDFKIT_KAFKA_DEFAULT_CONTROLLER_PORT:-19095}"
  [prism_job]="${SDFKIT_PRISM_JOB_PORT:-19073}"
  [prism_web]="${SDFKIT_PRISM_WEB_PORT:-19074}"
  [flink_job]="${SDFKIT_FLINK_JOB_PORT:-19081}"
  [flink_artifact]="${SDFKIT_FLINK_ARTIFACT_PORT:-19082}"
  [flink_expansion]="${SDFKIT_FLINK_EXPANSION_PORT:-19083}"
  [flink_cluster_rest]="${SDFKIT_FLINK_CLUSTER_REST_PORT:-19181}"
  [flink_cluster_rpc]="${SDFKIT_FLINK_CLUSTER_RPC_PORT:-19182}"
  [flink_cluster_blob]="${SDFKIT_FLINK_CLUSTER_BLOB_PORT:-19183}"
  [flink_cluster_tm1]="${SDFKIT_FLINK_CLUSTER_TM1_PORT:-19184}"
  [flink_cluster_tm2]="${SDFKIT_FLINK_CLUSTER_TM2_PORT:-19185}"
  [flink_cluster_job]="${SDFKIT_FLINK_CLUSTER_JOB_PORT:-19186}"
  [flink_cluster_artifact]="${SDFKIT_FLINK_CLUSTER_ARTIFACT_PORT:-19187}"
  [flink_cluster_expansion]="${SDFKIT_FLINK_CLUSTER_EXPANSION_PORT:-19188}"
)
declare -A port_var=(
  [s3]=SDFKIT_S3_PORT [s3_console]=SDFKIT_S3_CONSOLE_PORT [gcs]=SDFKIT_GCS_PORT
  [kafka]=SDFKIT_KAFKA_PORT [kafka_controller]=SDFKIT_KAFKA_CONTROLLER_PORT
  [kafka_default]=SDFKIT_KAFKA_DEFAULT_PORT [kafka_default_controller]=SDFKIT_KAFKA_DEFAULT_CONTROLLER_PORT
  [prism_job]=SDFKIT_PRISM_JOB_PORT [prism_web]=SDFKIT_PRISM_WEB_PORT
  [flink_job]=SDFKIT_FLINK_JOB_PORT [flink_artifact]=SDFKIT_FLINK_ARTIFACT_PORT [flink_expansion]=SDFKIT_FLINK_EXPANSION_PORT
  [flink_cluster_rest]=SDFKIT_FLINK_CLUSTER_REST_PORT [flink_cluster_rpc]=SDFKIT_FLINK_CLUSTER_RPC_PORT
  [flink_cluster_blob]=SDFKIT_FLINK_CLUSTER_BLOB_PORT [flink_cluster_tm1]=SDFKIT_FLINK_CLUSTER_TM1_PORT
  [flink_cluster_tm2]=SDFKIT_FLINK_CLUSTER_TM2_PORT [flink_cluster_job]=SDFKIT_FLINK_CLUSTER_JOB_PORT
  [flink_cluster_artifact]=SDFKIT_FLINK_CLUSTER_ARTIFACT_PORT [flink_cluster_expansion]=SDFKIT_FLINK_CLUSTER_EXPANSION_PORT
)
# Which ports each service binds.
declare -A service_ports=([minio]="s3 s3_console" [gcs]="gcs" [kafka]="kafka kafka_controller"
  [kafka-default]="kafka_default kafka_default_controller"
  [prism]="prism_job prism_web" [flink]="flink_job flink_artifact flink_expansion"
  [flink-cluster]="flink_cluster_rest flink_cluster_rpc flink_cluster_blob flink_cluster_tm1 flink_cluster_tm2 flink_cluster_job flink_cluster_artifact flink_cluster_expansion")
read -r -a services <<<"${SDFKIT_SERVICES:-minio gcs kafka kafka-default prism flink}"
for svc in "${services[@]}"; do [[ -n ${service_ports[$svc]:-} ]] || { printf '[services] ERROR: unknown service %s in SDFKIT_SERVICES\n' "$svc" >&2; exit 2; }; done

minio_bin="$cache/bin/minio"
gcs_bin="$cache/bin/fake-gcs-server"
prism_bin="$cache/bin/prism"
kafka_home="$cache/kafka-$KAFKA_VERSION"
flink_home="$cache/flink-$FLINK_BEAM_VERSION"
# The session cluster runs from $flink_home's jars plus the RocksDB state backend's, kept apart
# (flink-cluster/pom.xml) so that fetching them never touches the jars a running `flink` uses.
flink_cluster_home="$cache/flink-cluster-$FLINK_BEAM_VERSION"

# fd 3 = the real stdout, kept for the export lines; everything else written to stdout (ours or
# a tool's) goes to stderr.
exec 3>&1 1>&2

log() { printf '[services] %s\n' "$*"; }
die() { printf '[services] ERROR: %s\n' "$*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Checks and locking

for key in "${!port[@]}"; do
  [[ ${port[$key]} =~ ^[0-9]+$ ]] && ((port[$key] > 0 && port[$key] < 65536)) ||
    die "${port_var[$key]}=${port[$key]} is not a port number"
done
[[ $(printf '%s\n' "${port[@]}" | sort | uniq -d) == "" ]] ||
  die "two services are configured on the same port: $(for k in "${!port[@]}"; do printf '%s=%s ' "${port_var[$k]}" "${port[$k]}"; done)"
[[ $ready_timeout =~ ^[0-9]+$ ]] || die "SDFKIT_SERVICES_TIMEOUT=$ready_timeout is not a number of seconds"

need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is not on PATH; it is needed $2"; }
need curl "for the readiness checks (install curl)"
need java "to run Kafka (install a JDK 17 or newer)"
java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -n1)
[[ -z $java_major ]] || ((java_major >= 17)) || die "Kafka $KAFKA_VERSION needs Java 17+, but 'java' is version $java_major"

mkdir -p "$cache/bin" "$cache/logs" "$state"

# One up.sh/down.sh at a time per state dir (down.sh, when called from here, inherits the lock).
if [[ -z ${SDFKIT_SERVICES_LOCKED:-} ]] && command -v flock >/dev/null 2>&1; then
  exec 9>"$state/.lock"
  if ! flock -n 9; then
    log "another up.sh/down.sh is running; waiting for $state/.lock"
    flock -w 1800 9 || die "timed out waiting for $state/.lock"
  fi
  export SDFKIT_SERVICES_LOCKED=1
fi

# ---------------------------------------------------------------------------------------------
# Helpers

# shellcheck source=lib.sh
source "$here/lib.sh"

# Prints the pid of a live service from an earlier up.sh, or fails.
live_pid() {
  local pidf="$state/$1.pid" pid args
  [[ -f $pidf ]] || return 1
  pid=$(<"$pidf")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  args=$(ps -o args= -p "$pid" 2>/dev/null) || return 1
  [[ $args == *"$(signature "$1")"* ]] || return 1
  echo "$pid"
}

ready() {
  case $1 in
    minio) curl -sf -m 2 -o /dev/null "http://127.0.0.1:${port[s3]}/minio/health/live" ;;
    gcs) curl -sf -m 2 -o /dev/null "http://127.0.0.1:${port[gcs]}/storage/v1/b" ;;
    kafka) port_open "${port[kafka]}" && grep -q "Kafka Server started" "$state/kafka.log" ;;
    kafka-default) port_open "${port[kafka_default]}" && grep -q "Kafka Server started" "$state/kafka-default.log" ;;
    prism) port_open "${port[prism_job]}" ;; # gRPC only: accepting connections is what we check
    flink) port_open "${port[flink_job]}" && grep -q "Job server now running" "$state/flink.log" ;;
    flink-cluster) port_open "${port[flink_cluster_job]}" && grep -q "Job server now running" "$state/flink-cluster.log" &&
      [[ $(cluster_taskmanagers) == 2 ]] ;;
  esac
}

# How many TaskManagers the session cluster's JobManager reports (REST /overview), or nothing.
cluster_taskmanagers() {
  curl -sf -m 2 "http://127.0.0.1:${port[flink_cluster_rest]}/overview" 2>/dev/null |
    sed -n 's/.*"taskmanagers":\([0-9]*\).*/\1/p'
}

ports_of() { local k out=(); for k in ${service_ports[$1]}; do out+=("${port[$k]}"); done; echo "${out[*]}"; }

# Start a command detached from us (own session, no inherited stdout or lock), logging to
# $state/<name>.log, and record its pid (a part of a service: no ports, not in `started`).
launch_part() { # name, command...
  local name=$1
  shift
  local detach=()
  command -v setsid >/dev/null 2>&1 && detach=(setsid)
  "${detach[@]}" "$@" >>"$state/$name.log" 2>&1 </dev/null 3>&- 9>&- &
  echo $! >"$state/$name.pid"
}

# A whole service: launch_part, and record its ports and that this run started it.
launch() {
  launch_part "$@"
  ports_of "$1" >"$state/$1.ports"
  started+=("$1")
}

fail_with_log() { # name, message
  log "$2; last 30 lines of $state/$1.log:"
  tail -n 30 "$state/$1.log" | sed 's/^/    /'
  exit 1
}

# ---------------------------------------------------------------------------------------------
# On failure (or Ctrl-C), stop the builds and the services this run started.

started=()
declare -A build_pid=() build_log=()
kill_tree() { # a build job and everything under it (go's compilers, mvn); paused first so it
  local child #   cannot fork while its children are listed
  kill -STOP "$1" 2>/dev/null || return 0
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do kill_tree "$child"; done
  kill -TERM "$1" 2>/dev/null || true
  kill -CONT "$1" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  trap - EXIT
  if ((rc != 0)); then
    local p
    for p in "${build_pid[@]}"; do kill_tree "$p"; done
    if ((${#started[@]})); then
      log "stopping what this run started: ${started[*]}"
      bash "$here/down.sh" "${started[@]}" || true
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# 1. Decide, per service: reuse a live one, or start it (only if its ports are free).

to_start=()
for svc in "${services[@]}"; do
  if pid=$(live_pid "$svc"); then
    was=$(cat "$state/$svc.ports" 2>/dev/null || true)
    if [[ $was != "$(ports_of "$svc")" ]]; then
      log "$svc: pid $pid runs on port(s) ${was:-?}, configured: $(ports_of "$svc"); restarting it"
    elif ready "$svc"; then
      log "$svc: reusing pid $pid (127.0.0.1:$(ports_of "$svc" | tr ' ' ','))"
      continue
    else
      log "$svc: pid $pid does not answer; restarting it"
    fi
    bash "$here/down.sh" "$svc"
  fi
  # A half-alive session cluster (job server gone, JobManager or a TaskManager left): stop the rest.
  if [[ $svc == flink-cluster ]] && compgen -G "$state/flink-cluster-*.pid" >/dev/null; then bash "$here/down.sh" flink-cluster; fi
  rm -f "$state/$svc.pid"
  for key in ${service_ports[$svc]}; do
    ! port_open "${port[$key]}" ||
      die "port ${port[$key]} on 127.0.0.1 (for $svc) is already in use by another process; set ${port_var[$key]} to a free port, or stop that process"
  done
  to_start+=("$svc")
done

wants() { [[ " ${to_start[*]} " == *" $1 "* ]]; }

# ---------------------------------------------------------------------------------------------
# 2. Build what is missing, in parallel.

# A cached Go binary is good if it exists and (when go is around to tell) was built from $3.
go_bin_ok() { # binary module version
  [[ -x $1 ]] || return 1
  command -v go >/dev/null 2>&1 || return 0
  go version -m "$1" 2>/dev/null | awk -v m="$2" -v v="$3" '$1 == "mod" && $2 == m && $3 == v { ok = 1 } END { exit !ok }'
}
kafka_ok() { [[ -f $kafka_home/lib/.complete ]] && cmp -s "$here/kafka/pom.xml" "$kafka_home/lib/.complete"; }
flink_ok() { [[ -f $flink_home/lib/.complete ]] && cmp -s "$here/flink/pom.xml" "$flink_home/lib/.complete"; }
flink_cluster_ok() { [[ -f $flink_cluster_home/lib/.complete ]] && cmp -s "$here/flink-cluster/pom.xml" "$flink_cluster_home/lib/.complete"; }

build_flink() {
  rm -rf "${flink_home:?}/lib" && mkdir -p "$flink_home" && cp "$here/flink/pom.xml" "$flink_home/pom.xml" &&
    cd "$flink_home" &&
    mvn -q -B dependency:copy-dependencies -DoutputDirectory=lib -DincludeScope=runtime &&
    cp pom.xml lib/.complete
}

build_flink_cluster() {
  rm -rf "${flink_cluster_home:?}/lib" && mkdir -p "$flink_cluster_home" && cp "$here/flink-cluster/pom.xml" "$flink_cluster_home/pom.xml" &&
    cd "$flink_cluster_home" &&
    mvn -q -B dependency:copy-dependencies -DoutputDirectory=lib -DincludeScope=runtime &&
    cp pom.xml lib/.complete
}

build_kafka() {
  rm -rf "${kafka_home:?}/lib" && mkdir -p "$kafka_home" && cp "$here/kafka/pom.xml" "$kafka_home/pom.xml" &&
    cd "$kafka_home" &&
    mvn -q -B dependency:copy-dependencies -DoutputDirectory=lib -DincludeScope=runtime &&
    cp pom.xml lib/.complete # marks a finished download, for this pom
}

start_build() { # name, estimate, command...
  local name=$1 estimate=$2 logf="$cache/logs/build-$1.log"
  shift 2
  log "building $name ($estimate; log: $logf)"
  ("$@") >"$logf" 2>&1 </dev/null 3>&- 9>&- &
  build_pid[$name]=$!
  build_log[$name]=$logf
}

if wants minio && ! go_bin_ok "$minio_bin" "$MINIO_MODULE" "$MINIO_VERSION"; then
  need go "to build MinIO (go install $MINIO_MODULE@$MINIO_VERSION)"
  start_build minio "about 3 min" env GOBIN="$cache/bin" go install "$MINIO_MODULE@$MINIO_VERSION"
fi
if wants gcs && ! go_bin_ok "$gcs_bin" "$GCS_MODULE" "$GCS_VERSION"; then
  need go "to build fake-gcs-server (go install $GCS_MODULE@$GCS_VERSION)"
  start_build fake-gcs-server "about 1 min" env GOBIN="$cache/bin" go install "$GCS_MODULE@$GCS_VERSION"
fi
if wants prism && ! go_bin_ok "$prism_bin" "$PRISM_MODULE" "$PRISM_VERSION"; then
  need go "to build Prism (go install $PRISM_PACKAGE@$PRISM_VERSION)"
  start_build prism "about 75 s" env GOBIN="$cache/bin" go install "$PRISM_PACKAGE@$PRISM_VERSION"
fi
if { wants kafka || wants kafka-default; } && ! kafka_ok; then
  need mvn "to download Kafka $KAFKA_VERSION's jars from Maven Central"
  start_build kafka "under a minute" build_kafka
fi
if { wants flink || wants flink-cluster; } && ! flink_ok; then
  need mvn "to download Beam's Flink runner $FLINK_BEAM_VERSION (162 jars) from Maven Central"
  start_build flink "10 s to 2 min" build_flink
fi
if wants flink-cluster && ! flink_cluster_ok; then
  need mvn "to download Flink's RocksDB state backend from Maven Central"
  start_build flink-cluster "about 10 s" build_flink_cluster
fi

# Wait for the builds, with a progress note every 30 s; the first failure stops the rest.
if ((${#build_pid[@]})); then
  t0=$SECONDS
  next_note=30
  pending=("${!build_pid[@]}")
  while ((${#pending[@]})); do
    running=()
    for name in "${pending[@]}"; do
      if kill -0 "${build_pid[$name]}" 2>/dev/null; then
        running+=("$name")
      elif wait "${build_pid[$name]}"; then
        log "built $name in $((SECONDS - t0)) s"
      else
        log "FAILED to build $name; last 30 lines of ${build_log[$name]}:"
        tail -n 30 "${build_log[$name]}" | sed 's/^/    /'
        die "building $name failed; see ${build_log[$name]}"
      fi
    done
    pending=("${running[@]}")
    ((${#pending[@]})) || break
    if ((SECONDS - t0 >= next_note)); then
      log "still building: ${pending[*]} ($((SECONDS - t0)) s)"
      next_note=$((next_note + 30))
    fi
    sleep 1
  done
  build_pid=()
fi
if wants minio; then go_bin_ok "$minio_bin" "$MINIO_MODULE" "$MINIO_VERSION" || die "no MinIO $MINIO_VERSION at $minio_bin after building"; fi
if wants gcs; then go_bin_ok "$gcs_bin" "$GCS_MODULE" "$GCS_VERSION" || die "no fake-gcs-server $GCS_VERSION at $gcs_bin after building"; fi
if wants prism; then go_bin_ok "$prism_bin" "$PRISM_MODULE" "$PRISM_VERSION" || die "no Prism $PRISM_VERSION at $prism_bin after building"; fi
if wants kafka || wants kafka-default; then kafka_ok || die "Kafka jars missing in $kafka_home/lib after building"; fi
if wants flink || wants flink-cluster; then flink_ok || die "Flink runner jars missing in $flink_home/lib after building"; fi
if wants flink-cluster; then flink_cluster_ok || die "RocksDB state backend jars missing in $flink_cluster_home/lib after building"; fi

# ---------------------------------------------------------------------------------------------
# 3. Start what is needed (all at once), then wait for each to be ready.

start_minio() {
  rm -rf "$state/minio-data"
  mkdir -p "$state/minio-data"
  : >"$state/minio.log"
  launch minio env MINIO_ROOT_USER="$S3_USER" MINIO_ROOT_PASSWORD="$S3_PASSWORD" \
    MINIO_SITE_REGION="$S3_REGION" \
    "$minio_bin" server "$state/minio-data" \
    --address "127.0.0.1:${port[s3]}" --console-address "127.0.0.1:${port[s3_console]}"
}

start_gcs() {
  : >"$state/gcs.log"
  launch gcs "$gcs_bin" -scheme http -host 127.0.0.1 -port "${port[gcs]}" -backend memory
}

start_prism() {
  : >"$state/prism.log"
  # No host flag: the job port binds all interfaces, not just 127.0.0.1 (see the top of this
  # file); the web UI binds 127.0.0.1. Plain-text logs (the default "dev" kind colours them).
  launch prism "$prism_bin" -job_port "${port[prism_job]}" -web_port "${port[prism_web]}" -log_kind text
}

start_flink() {
  : >"$state/flink.log"
  mkdir -p "$state/flink-artifacts"
  # -Xmx: without it the job server grows past 1 GB over a few jobs (SERVICES.md).
  launch flink java -Xmx512m -cp "$flink_home/lib/*" org.apache.beam.runners.flink.FlinkJobServerDriver \
    --flink-master='[local]' --job-host=127.0.0.1 --job-port="${port[flink_job]}" --artifact-port="${port[flink_artifact]}" \
    --expansion-port="${port[flink_expansion]}" --artifacts-dir="$state/flink-artifacts"
}

# A Flink session cluster: a JobManager and two TaskManagers (each its own JVM, RocksDB state
# backend, checkpoints under $state/flink-cluster/checkpoints), then Beam's job server submitting
# to it. The JobManager and TaskManagers have their own pid files (flink-cluster-jm, -tm1, -tm2);
# flink-cluster.pid is the job server's. Memory sizes: SERVICES.md (without Flink's launch
# scripts every memory component must be set, or a TaskManager exits).

start_flink-cluster() {
  local dir="$state/flink-cluster" cp="$flink_home/lib/*:$flink_cluster_home/lib/*" tm deadline pid
  rm -rf "$dir"
  mkdir -p "$dir/conf" "$dir/checkpoints" "$dir/savepoints" "$dir/tmp" "$dir/artifacts"
  # started now, so that a failure below stops the parts already running
  started+=(flink-cluster)
  cat >"$dir/conf/flink-conf.yaml" <<EOF
# Written by test/services/up.sh (service flink-cluster): a session cluster on loopback.
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: ${port[flink_cluster_rpc]}
jobmanager.bind-host: 127.0.0.1
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: ${port[flink_cluster_rest]}
blob.server.port: ${port[flink_cluster_blob]}
jobmanager.memory.process.size: 768m
taskmanager.numberOfTaskSlots: 2
taskmanager.bind-host: 127.0.0.1
taskmanager.host: 127.0.0.1
taskmanager.data.port: 0
taskmanager.cpu.cores: 1
taskmanager.memory.task.heap.size: 256m
taskmanager.memory.managed.size: 128m
taskmanager.memory.network.min: 64m
taskmanager.memory.network.max: 64m
taskmanager.memory.framework.heap.size: 128m
taskmanager.memory.framework.off-heap.size: 128m
taskmanager.memory.task.off-heap.size: 0m
taskmanager.memory.jvm-metaspace.size: 256m
taskmanager.memory.jvm-overhead.min: 192m
taskmanager.memory.jvm-overhead.max: 192m
state.backend.type: rocksdb
state.checkpoints.dir: file://$dir/checkpoints
state.savepoints.dir: file://$dir/savepoints
io.tmp.dirs: $dir/tmp
EOF
  for part in flink-cluster-jm flink-cluster-tm1 flink-cluster-tm2; do : >"$state/$part.log"; done
  : >"$state/flink-cluster.log"
  launch_part flink-cluster-jm java -Xmx512m -cp "$cp" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint -c "$dir/conf"
  for tm in tm1 tm2; do
    launch_part "flink-cluster-$tm" java -Xmx700m -cp "$cp" org.apache.flink.runtime.taskexecutor.TaskManagerRunner -c "$dir/conf" \
      -Dtaskmanager.resource-id="$tm" -Dtaskmanager.rpc.port="${port[flink_cluster_$tm]}"
  done
  ports_of flink-cluster >"$state/flink-cluster.ports"
  deadline=$((SECONDS + ready_timeout))
  until [[ $(cluster_taskmanagers) == 2 ]]; do
    for part in flink-cluster-jm flink-cluster-tm1 flink-cluster-tm2; do
      pid=$(<"$state/$part.pid")
      kill -0 "$pid" 2>/dev/null || fail_with_log "$part" "flink-cluster: $part (pid $pid) exited while starting"
    done
    ((SECONDS < deadline)) || fail_with_log flink-cluster-jm "flink-cluster: 2 TaskManagers not registered after $ready_timeout s"
    sleep 0.3
  done
  log "flink-cluster: JobManager and 2 TaskManagers up (REST http://127.0.0.1:${port[flink_cluster_rest]})"
  launch_part flink-cluster java -Xmx512m -cp "$flink_home/lib/*" org.apache.beam.runners.flink.FlinkJobServerDriver \
    --flink-master="127.0.0.1:${port[flink_cluster_rest]}" --job-host=127.0.0.1 --job-port="${port[flink_cluster_job]}" \
    --artifact-port="${port[flink_cluster_artifact]}" --expansion-port="${port[flink_cluster_expansion]}" --artifacts-dir="$dir/artifacts"
}

# One KRaft node as broker and controller: name, client port, controller port, extra config line.
start_kafka_node() {
  local name=$1 client_port=$2 controller_port=$3 extra=$4
  local dir="$state/$name" cp="$kafka_home/lib/*" cluster_id
  local jvm=(java "-Dlog4j2.configurationFile=$here/kafka/log4j2.xml")
  rm -rf "$dir"
  mkdir -p "$dir/data"
  : >"$state/$name.log"
  cat >"$dir/server.properties" <<EOF
# Written by test/services/up.sh: one node as broker and controller, on loopback.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$client_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$client_port,CONTROLLER://127.0.0.1:$controller_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
$extra
EOF
  # A fresh cluster each start: format the empty data dir (KRaft, dynamic quorum). The cluster id
  # is what `StorageTool random-uuid` prints (16 random bytes, base64url, not starting with '-'),
  # made here to save a 2 s JVM start.
  cluster_id=-
  while [[ $cluster_id == -* ]]; do
    cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
  done
  # (C1 only: this short run takes half as long without the optimizing compiler.)
  "${jvm[@]}" -XX:TieredStopAtLevel=1 -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" --standalone \
    >>"$state/$name.log" 2>&1 || fail_with_log "$name" "$name: formatting $dir/data failed"
  launch "$name" "${jvm[@]}" -Xmx512m -cp "$cp" kafka.Kafka "$dir/server.properties"
}

# The test broker: consumer groups form at once (no initial rebalance delay).
start_kafka() { start_kafka_node kafka "${port[kafka]}" "${port[kafka_controller]}" "group.initial.rebalance.delay.ms=0"; }
# A broker with Kafka's default group settings (group.initial.rebalance.delay.ms 3000), as on
# real clusters: what a reader that joins consumer groups pays shows there.
start_kafka-default() { start_kafka_node kafka-default "${port[kafka_default]}" "${port[kafka_default_controller]}" "# group settings: Kafka's defaults"; }

wait_ready() {
  local svc=$1 pid deadline=$((SECONDS + ready_timeout))
  pid=$(<"$state/$svc.pid")
  until ready "$svc"; do
    kill -0 "$pid" 2>/dev/null || fail_with_log "$svc" "$svc (pid $pid) exited while starting"
    ((SECONDS < deadline)) || fail_with_log "$svc" "$svc (pid $pid) not ready after $ready_timeout s"
    sleep 0.2
  done
  log "$svc: started pid $pid (127.0.0.1:$(ports_of "$svc" | tr ' ' ','))"
}

if ((${#to_start[@]})); then
  t0=$SECONDS
  log "starting: ${to_start[*]}"
  for svc in "${to_start[@]}"; do "start_$svc"; done
  for svc in "${to_start[@]}"; do wait_ready "$svc"; done
  log "ready in $((SECONDS - t0)) s"
fi

# ---------------------------------------------------------------------------------------------
# 4. Record what this run started, and print the environment.

mkdir -p "$(dirname "$started_file")"
if ((${#started[@]})); then printf '%s\n' "${started[@]}" >"$started_file"; else : >"$started_file"; fi

{
  echo "export KAFKA_BROKERS=127.0.0.1:${port[kafka]}"
  echo "export S3_ENDPOINT=http://127.0.0.1:${port[s3]}"
  echo "export AWS_ENDPOINT_URL_S3=http://127.0.0.1:${port[s3]}"
  echo "export AWS_ACCESS_KEY_ID=$S3_USER"
  echo "export AWS_SECRET_ACCESS_KEY=$S3_PASSWORD"
  echo "export AWS_REGION=$S3_REGION"
  echo "export GCS_ENDPOINT=http://127.0.0.1:${port[gcs]}"
  echo "export PRISM_JOB_ENDPOINT=127.0.0.1:${port[prism_job]}"
  echo "export FLINK_JOB_ENDPOINT=127.0.0.1:${port[flink_job]}"
  echo "export KAFKA_DEFAULT_BROKERS=127.0.0.1:${port[kafka_default]}"
  # Opt-in (not in the default list): exported only when asked for, so tests can tell.
  if [[ " ${services[*]} " == *" flink-cluster "* ]]; then
    echo "export FLINK_CLUSTER_JOB_ENDPOINT=127.0.0.1:${port[flink_cluster_job]}"
    echo "export FLINK_CLUSTER_REST=http://127.0.0.1:${port[flink_cluster_rest]}"
  fi
} >&3
