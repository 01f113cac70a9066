# shellcheck shell=bash
# Helpers shared by up.sh, down.sh and kafka-restart.sh (sourced; each script defines `log`).

# Whether something listens on a loopback port.
port_open() { (exec 4<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# What a service's command line contains, to tell our process from a recycled pid.
signature() {
  case $1 in
    minio) echo "minio server" ;; gcs) echo "fake-gcs-server" ;; kafka) echo "kafka.Kafka" ;;
    kafka-default) echo "kafka-default/server.properties" ;;
    prism) echo "prism -job_port" ;; flink) echo "FlinkJobServerDriver" ;;
    flink-cluster) echo "FlinkJobServerDriver --flink-master=127.0.0.1:" ;;
    flink-cluster-jm) echo "StandaloneSessionClusterEntrypoint" ;;
    flink-cluster-tm1) echo "-Dtaskmanager.resource-id=tm1" ;; flink-cluster-tm2) echo "-Dtaskmanager.resource-id=tm2" ;;
  esac
}

# Alive and not a zombie (a stopped service lingers as one until its parent reaps it).
alive() {
  local stat
  stat=$(ps -o stat= -p "$1" 2>/dev/null) && [[ -n $stat && $stat != Z* ]]
}

# Stops a service's process: SIGTERM, up to `grace` seconds, then SIGKILL. Logs how long it took.
# Usage: stop_pid <name> <pid> <grace seconds>
stop_pid() {
  local name=$1 pid=$2 grace=$3 t0=$SECONDS
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq $((grace * 5))); do alive "$pid" || break; sleep 0.2; done
  if alive "$pid"; then
    log "$name: pid $pid still running after $grace s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for _ in $(seq 25); do alive "$pid" || break; sleep 0.2; done
  fi
  log "$name: stopped pid $pid ($((SECONDS - t0)) s)"
}
