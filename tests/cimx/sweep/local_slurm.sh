#!/bin/sh
# A one-node Slurm cluster on localhost for the tests, everything (keys, config, state, logs,
# pid files) in one directory; see docs/sweep.md, "Slurm". Needs root and Debian's slurm-wlm and
# munge.
#   local_slurm.sh start DIR CTLD_PORT SLURMD_PORT [WATCH_PID]
#       starts munged, slurmctld and slurmd and waits until the node is idle; with WATCH_PID,
#       a watchdog stops them when that process ends (a test killed by its timeout)
#   local_slurm.sh stop DIR
#       stops the daemons started in DIR (by their pid files)
# Commands using the cluster need SLURM_CONF=DIR/slurm.conf.
set -eu

stop() {
  d=$1
  for name in slurmd slurmctld munged; do
    pidfile="$d/$name.pid"
    [ -f "$pidfile" ] || continue
    pid=$(cat "$pidfile" 2>/dev/null || true)
    [ -n "$pid" ] || continue
    kill "$pid" 2>/dev/null || true
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$pidfile"
  done
}

start() {
  d=$1 ctld_port=$2 slurmd_port=$3 watch=${4:-}
  # munged wants its key private and its socket's directories searchable by everyone.
  mkdir -p "$d/state" "$d/spool" "$d/munge" "$d/socket"
  chmod a+x "$d" "$d/socket"
  chmod 700 "$d/munge"
  head -c 1024 /dev/urandom > "$d/munge/munge.key"
  chmod 400 "$d/munge/munge.key"
  munged --key-file "$d/munge/munge.key" --socket "$d/socket/munge.socket" \
    --pid-file "$d/munged.pid" --log-file "$d/munged.log" --seed-file "$d/munge/munge.seed"
  host=$(hostname -s)
  cat > "$d/slurm.conf" <<CONF
ClusterName=cimxtest
SlurmctldHost=$host(127.0.0.1)
AuthType=auth/munge
AuthInfo=socket=$d/socket/munge.socket
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/slurmctld.log
SlurmdLogFile=$d/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
  export SLURM_CONF="$d/slurm.conf"
  if [ -n "$watch" ]; then
    # Detached: outlives a test that is killed, then stops what it started.
    setsid sh -c "while kill -0 $watch 2>/dev/null; do sleep 1; done; '$0' stop '$d'" \
      </dev/null >/dev/null 2>&1 &
  fi
  slurmctld -f "$d/slurm.conf"
  slurmd -f "$d/slurm.conf"
  i=0
  until sinfo -h -o %T 2>/dev/null | grep -qx idle; do
    i=$((i + 1))
    if [ $i -gt 300 ]; then
      echo "local_slurm.sh: the node did not become idle in 30 s; logs in $d" >&2
      sinfo >&2 || true
      exit 1
    fi
    sleep 0.1
  done
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop "$2" ;;
  *) echo "usage: $0 start DIR CTLD_PORT SLURMD_PORT [WATCH_PID] | stop DIR" >&2; exit 2 ;;
esac
