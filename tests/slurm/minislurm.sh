# shellcheck shell=bash
# A real single-node Slurm for tests, in a temp dir: Debian's munged, slurmctld and slurmd.
# Source it, then: minislurm_start DIR [EXTRA] (exports SLURM_CONF) ... minislurm_stop DIR.
# EXTRA, when given, is more slurm.conf text appended after the node and the partition `debug`
# (e.g. PriorityType=priority/multifactor and its weights, more nodes and partitions: see
# test_sprio.sh); the ready check still runs a step in `debug`.
# Cgroup-free (proctrack/linuxproc, task/none), no accounting database (jobcomp/filetxt keeps
# each job's final state), its own munge key and socket and free ports, so it touches no
# system-wide Slurm or munge. Needs root (slurmd runs jobs as their users).

# Two free TCP ports for slurmctld and slurmd.
_minislurm_ports() {
  /usr/bin/python3 -c '
import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])'
}

minislurm_start() {
  local dir=$1 extra=${2:-} host node ports
  # slurmd -C describes this machine (NodeName=short hostname CPUs=...); the addresses are
  # loopback so that no name lookup is needed inside containers.
  node=$(slurmd -C | head -1)
  host=$(sed -n 's/^NodeName=\([^ ]*\).*/\1/p' <<<"$node")
  read -r -a ports < <(_minislurm_ports)
  mkdir -p "$dir"/{state,spool,log,munge}
  chmod 755 "$dir"
  # munged insists on a private key and a socket directory others can traverse but not list.
  chown munge:munge "$dir/munge"
  chmod 711 "$dir/munge"
  runuser -u munge -- mungekey -c -k "$dir/munge/munge.key"
  runuser -u munge -- munged -S "$dir/munge/munge.socket" --key-file="$dir/munge/munge.key" \
    --log-file="$dir/munge/munged.log" --pid-file="$dir/munge/munged.pid" \
    --seed-file="$dir/munge/munged.seed"
  cat >"$dir/slurm.conf" <<EOF
ClusterName=fleetsimtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=${ports[0]}
SlurmdPort=${ports[1]}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=pmix
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.txt
MailProg=/bin/true
EnforcePartLimits=ALL
ReturnToService=2
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  if [ -n "$extra" ]; then
    printf '%s\n' "$extra" >>"$dir/slurm.conf"
  fi
  export SLURM_CONF=$dir/slurm.conf
  slurmctld -f "$SLURM_CONF"
  slurmd -f "$SLURM_CONF"
  # Ready when a job step really runs, not only when sinfo says idle.
  local i=0 deadline=$((SECONDS + 60))
  while [ "$SECONDS" -lt "$deadline" ]; do
    i=$((i + 1))
    if timeout 20 srun -n1 -t1 true 2>/dev/null; then
      echo "minislurm: ready after ${i} attempt(s): $(sinfo -h -o '%P %a %D %t %c CPUs')"
      return 0
    fi
    sleep 1
  done
  echo "minislurm: Slurm did not come up; logs:" >&2
  tail -n 20 "$dir"/log/*.log "$dir/munge/munged.log" >&2
  return 1
}

# Stops each daemon by the PID in its pid file: TERM, wait up to 15 s, then KILL.
minislurm_stop() {
  local dir=$1 f pid i
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$dir/slurmctld.pid" ]; then
    scancel --quiet --user="$(id -un)" 2>/dev/null || true
  fi
  for f in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    [ -n "$pid" ] || continue
    kill -TERM "$pid" 2>/dev/null || continue
    for i in $(seq 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "minislurm: $f: pid $pid ignored TERM, killing" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
}

# The common start of a test on this Slurm, called before anything else:
#   minislurm_test NAME PROG...
# skips (exit 77, the SKIP line saying why) unless run as root with munge, slurmctld, slurmd and
# each PROG installed; sets `work` to a fresh directory, removed when the test passes and kept
# (and named) when it fails; stops the Slurm started in "$work/slurm" on any exit, ctest's or a
# user's interrupt included. Defines step TITLE and fail MESSAGE (exit 1) for the test.
minislurm_test() {
  MINISLURM_TEST=$1
  shift
  if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: starting slurmctld/slurmd needs root (CI runs as root)"
    exit 77
  fi
  local prog
  for prog in slurmctld slurmd munged mungekey "$@"; do
    if ! command -v "$prog" > /dev/null; then
      echo "SKIP: $prog not installed (./scripts/install-deps installs Slurm and munge)"
      exit 77
    fi
  done
  work=$(mktemp -d "/tmp/fleetsim-$MINISLURM_TEST.XXXXXX")
  chmod 755 "$work" # munged (user munge) must reach its socket below it
  trap _minislurm_test_end EXIT
  trap 'exit 143' TERM INT
}

_minislurm_test_end() {
  local rc=$?
  minislurm_stop "$work/slurm"
  if [ "$rc" -eq 0 ]; then
    rm -rf "$work"
  else
    echo "$MINISLURM_TEST: FAILED (exit $rc); everything is kept in $work" >&2
  fi
}

step() {
  echo
  echo "=== $*"
}

fail() {
  echo "$MINISLURM_TEST: $*" >&2
  exit 1
}
