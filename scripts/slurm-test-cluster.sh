#!/usr/bin/env bash
# A real single-node SLURM for the executor's integration tests: slurmctld + slurmd + munge from
# the Debian packages (slurm-wlm 22.05 on Debian 12), started directly (no systemd needed), with
# fake GPUs through gres and a `short` partition whose 1-minute MaxTime models wall-time kills.
#
#   scripts/slurm-test-cluster.sh start    # install if needed, write the config, start, wait for idle
#   scripts/slurm-test-cluster.sh stop     # stop only the daemons this script started
#   scripts/slurm-test-cluster.sh status
#
# Idempotent: `start` on a running cluster does nothing; install steps run only when something is
# missing. Needs root (apt-get, /etc/slurm). Knobs (environment):
#   SLURM_FAKE_GPUS=2         gres gpu count (File= symlinks to /dev/null, so slurmd accepts them)
#   SLURM_CPUS=               CPUs to advertise (default: the real count; more is allowed)
#   SLURM_WITH_ACCOUNTING=0   1 adds slurmdbd + MariaDB so that sacct works
#   SLURM_WAIT_SECS=90        how long to wait for the node to become idle
#   SLURM_CLEAN=0             1 wipes the saved controller state before starting
#
# `stop` reads the daemons' pidfiles, checks /proc/PID/comm, and signals only the daemons that this
# script started (recorded in $STATE_FILE); a cluster that was already running is left alone.
set -euo pipefail

STATE_FILE=/run/pipeline-slurm-test-cluster.started
FAKE_GPUS="${SLURM_FAKE_GPUS:-2}"
WITH_ACCOUNTING="${SLURM_WITH_ACCOUNTING:-0}"
WAIT_SECS="${SLURM_WAIT_SECS:-90}"
GPU_DIR=/var/spool/slurm-fakegpu

log() { printf 'slurm-test-cluster: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

need_root() {
  [ "$(id -u)" = 0 ] || die "must run as root (installs packages and writes /etc/slurm)"
}

install_packages() {
  local pkgs=(slurm-wlm slurmctld slurmd slurm-client munge)
  [ "$WITH_ACCOUNTING" = 1 ] && pkgs+=(slurmdbd mariadb-server)
  local missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # policy-rc.d keeps the packages from trying to start services (there is no systemd here).
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Hardware line from slurmd -C (sockets/cores/threads must match, or the node goes INVAL).
node_line() {
  local hw cpus
  hw="$(slurmd -C | head -1)"
  cpus="${SLURM_CPUS:-$(sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' <<<"$hw")}"
  local sockets cores threads mem
  sockets="$(sed -n 's/.*Boards=[0-9]* SocketsPerBoard=\([0-9]*\).*/\1/p' <<<"$hw")"
  [ -n "$sockets" ] || sockets="$(sed -n 's/.*Sockets=\([0-9]*\).*/\1/p' <<<"$hw")"
  cores="$(sed -n 's/.*CoresPerSocket=\([0-9]*\).*/\1/p' <<<"$hw")"
  threads="$(sed -n 's/.*ThreadsPerCore=\([0-9]*\).*/\1/p' <<<"$hw")"
  mem="$(sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' <<<"$hw")"
  if [ -n "${SLURM_CPUS:-}" ]; then
    # More CPUs than cores (config_overrides): describe them as one socket of single-thread cores.
    sockets=1; cores="$cpus"; threads=1
  fi
  local gres=""
  [ "$FAKE_GPUS" -gt 0 ] && gres=" Gres=gpu:$FAKE_GPUS"
  echo "NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus Sockets=${sockets:-1} CoresPerSocket=${cores:-$cpus} ThreadsPerCore=${threads:-1} RealMemory=${mem:-1024}$gres State=UNKNOWN"
}

write_config() {
  mkdir -p /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm "$GPU_DIR"
  local acct_type=accounting_storage/none gather=jobacct_gather/none acct_extra=""
  if [ "$WITH_ACCOUNTING" = 1 ]; then
    acct_type=accounting_storage/slurmdbd
    gather=jobacct_gather/linux
    acct_extra=$'AccountingStorageHost=localhost\nAccountingStoragePort=6819\nAccountingStorageTRES=gres/gpu'
  fi
  local tmp
  tmp="$(mktemp)"
  cat >"$tmp" <<EOF
# Written by scripts/slurm-test-cluster.sh (pipeline's test cluster).
ClusterName=testcluster
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=cred_expire=10
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SwitchType=switch/none
SlurmdParameters=config_overrides
ReturnToService=2
MailProg=/bin/true
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=$acct_type
$acct_extra
JobAcctGatherType=$gather
JobCompType=jobcomp/filetxt
JobCompLoc=/var/log/slurm/jobcomp.log
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
MinJobAge=${SLURM_MIN_JOB_AGE:-3600}
KillWait=5
InactiveLimit=0
OverTimeLimit=0
GresTypes=gpu
$(node_line)
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
PartitionName=short Nodes=ALL Default=NO MaxTime=00:01:00 DefaultTime=00:01:00 State=UP
EOF
  sed -i '/^$/d' "$tmp"
  mv -f "$tmp" /etc/slurm/slurm.conf
  chmod 644 /etc/slurm/slurm.conf
  if [ "$FAKE_GPUS" -gt 0 ]; then
    local i
    for ((i = 0; i < FAKE_GPUS; i++)); do ln -sfn /dev/null "$GPU_DIR/gpu$i"; done
    echo "NodeName=localhost Name=gpu File=$GPU_DIR/gpu[0-$((FAKE_GPUS - 1))]" >/etc/slurm/gres.conf
  else
    : >/etc/slurm/gres.conf
  fi
  if [ "$WITH_ACCOUNTING" = 1 ]; then
    cat >/etc/slurm/slurmdbd.conf <<'EOF'
AuthType=auth/munge
DbdHost=localhost
DbdPort=6819
SlurmUser=root
LogFile=/var/log/slurm/slurmdbd.log
PidFile=/run/slurmdbd.pid
StorageType=accounting_storage/mysql
StorageHost=localhost
StorageUser=slurm
StoragePass=slurmpw
StorageLoc=slurm_acct_db
EOF
    chmod 600 /etc/slurm/slurmdbd.conf
  fi
}

# pid from a pidfile when that process is alive and is the expected program.
live_pid() {
  local pidfile=$1 comm=$2 pid
  [ -f "$pidfile" ] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [ -n "$pid" ] && [ -r "/proc/$pid/comm" ] && [ "$(cat "/proc/$pid/comm")" = "$comm" ] || return 1
  echo "$pid"
}

record_started() { echo "$1" >>"$STATE_FILE"; }

start_munge() {
  live_pid /run/munge/munged.pid munged >/dev/null && return 0
  mkdir -p /run/munge
  chown munge:munge /run/munge
  chmod 755 /run/munge
  [ -f /etc/munge/munge.key ] || { mungekey --create 2>/dev/null || /usr/sbin/create-munge-key -f; }
  runuser -u munge -- /usr/sbin/munged
  record_started munged
}

start_accounting() {
  [ "$WITH_ACCOUNTING" = 1 ] || return 0
  if ! live_pid /run/mysqld/mysqld.pid mariadbd >/dev/null; then
    mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
    (mariadbd --user=mysql --pid-file=/run/mysqld/mysqld.pid >/var/log/slurm/mariadb.log 2>&1 &)
    record_started mariadbd
    local i
    for i in $(seq 1 50); do mysqladmin ping >/dev/null 2>&1 && break; sleep 0.2; done
    mysql -e "CREATE DATABASE IF NOT EXISTS slurm_acct_db; CREATE USER IF NOT EXISTS 'slurm'@'localhost' IDENTIFIED BY 'slurmpw'; GRANT ALL ON slurm_acct_db.* TO 'slurm'@'localhost'; FLUSH PRIVILEGES;"
  fi
  if ! live_pid /run/slurmdbd.pid slurmdbd >/dev/null; then
    /usr/sbin/slurmdbd
    record_started slurmdbd
    local i
    for i in $(seq 1 50); do sacctmgr -n show cluster >/dev/null 2>&1 && break; sleep 0.2; done
  fi
}

wait_idle() {
  local deadline=$((SECONDS + WAIT_SECS)) state resumed=0
  until scontrol ping >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "slurmctld did not answer within ${WAIT_SECS}s; see /var/log/slurm/slurmctld.log"
    sleep 0.2
  done
  while :; do
    state="$(sinfo -h -N -n localhost -o %T 2>/dev/null | head -1)"
    case "$state" in
      idle|mixed|allocated) return 0 ;;
      *inval*) die "node state $state: $(scontrol show node localhost | grep -o 'Reason=.*')" ;;
      *drain*|*down*)
        if [ $resumed = 0 ]; then scontrol update nodename=localhost state=resume >/dev/null 2>&1 || true; resumed=1; fi ;;
    esac
    [ $SECONDS -lt $deadline ] || die "node not idle within ${WAIT_SECS}s (state '$state'); see /var/log/slurm/slurmd.log"
    sleep 0.2
  done
}

start() {
  need_root
  if live_pid /run/slurmctld.pid slurmctld >/dev/null && live_pid /run/slurmd.pid slurmd >/dev/null \
      && scontrol ping >/dev/null 2>&1; then
    log "already running"
    wait_idle
    return 0
  fi
  install_packages
  write_config
  [ "${SLURM_CLEAN:-0}" = 1 ] && rm -rf /var/spool/slurmctld/* /var/spool/slurmd/*
  start_munge
  start_accounting
  if ! live_pid /run/slurmctld.pid slurmctld >/dev/null; then
    /usr/sbin/slurmctld
    record_started slurmctld
  fi
  if ! live_pid /run/slurmd.pid slurmd >/dev/null; then
    /usr/sbin/slurmd -N localhost
    record_started slurmd
  fi
  wait_idle
  log "up: $(sinfo -h -o '%P %a %l %D %T' | tr '\n' ';')"
}

stop_one() {
  local name=$1 pidfile=$2 pid i
  pid="$(live_pid "$pidfile" "$name")" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for i in $(seq 1 100); do [ -d "/proc/$pid" ] || return 0; sleep 0.1; done
  log "$name ($pid) still running after 10s; sending KILL"
  kill -KILL "$pid" 2>/dev/null || true
}

stop() {
  need_root
  if [ ! -f "$STATE_FILE" ]; then
    log "nothing to stop: this script started no daemons (no $STATE_FILE)"
    return 0
  fi
  if grep -qx slurmctld "$STATE_FILE" && scontrol ping >/dev/null 2>&1; then
    scancel --user=root --quiet 2>/dev/null || true
  fi
  grep -qx slurmd "$STATE_FILE" && stop_one slurmd /run/slurmd.pid
  grep -qx slurmctld "$STATE_FILE" && stop_one slurmctld /run/slurmctld.pid
  grep -qx slurmdbd "$STATE_FILE" && stop_one slurmdbd /run/slurmdbd.pid
  grep -qx mariadbd "$STATE_FILE" && stop_one mariadbd /run/mysqld/mysqld.pid
  grep -qx munged "$STATE_FILE" && stop_one munged /run/munge/munged.pid
  rm -f "$STATE_FILE"
  log "stopped"
}

status() {
  local d
  for d in "munged /run/munge/munged.pid" "slurmctld /run/slurmctld.pid" "slurmd /run/slurmd.pid" \
      "slurmdbd /run/slurmdbd.pid"; do
    set -- $d
    if pid="$(live_pid "$2" "$1")"; then echo "$1 running (pid $pid)"; else echo "$1 not running"; fi
  done
  command -v sinfo >/dev/null && sinfo 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
