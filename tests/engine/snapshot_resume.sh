#!/bin/bash
# Snapshots and resume (docs/snapshots.md), end to end on the real binary:
#   kill     SIGKILL a run at several moments after its first snapshot (at a snapshot, between
#            a snapshot's temporary file and its rename, and at timed moments from outside, also
#            a resumed run again), resume on 1, 2 and 4 ranks: the same HDF5 file as an
#            uninterrupted run.
#   middle   snapshots every SPAN on 2 ranks, resume from a middle one on 1 and 4 ranks (with
#            threads): the same file; the snapshot itself is the same bytes as a 1-rank run's.
#   features the model's other parts (priorities and preemption, conservative backfill, topology
#            placement with contention and switch limits, the event log, trace and failure-log replay, jobs
#            spanning sites with WAN cuts, earliest-start routing with queued moves): killed
#            after a snapshot on 1 rank, resumed on 2: the same file.
#   corrupt  truncated, corrupted, foreign and missing snapshots, and options that conflict
#            with the snapshot: one line naming the file or option, exit 2, no output.
# usage: snapshot_resume.sh FLEETSIM H5SAME WORKDIR kill|middle|features|corrupt [DATA_DIR]
set -uo pipefail
fleetsim=$1 h5same=$2 work=$3 mode=$4 data=${5:-}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
scenario=(--layout 10x10k --duration 12d --seed 3)
fail() { echo "FAIL: $*"; exit 1; }

launch() {  # launch RANKS fleetsim args...: plain for one rank, mpirun otherwise
  local n=$1
  shift
  if [ "$n" -gt 1 ]; then
    mpirun --bind-to none -n "$n" "$fleetsim" "$@"
  else
    "$fleetsim" "$@"
  fi
}

same() {  # same REF FILE RANKS: identical contents, and FILE really written by RANKS ranks
  local ranks
  ranks=$("$h5same" --get "$2" ranks) || fail "$2: no ranks attribute"
  [ "$ranks" = "$3" ] || fail "$2 was written by $ranks rank(s), not $3"
  "$h5same" "$1" "$2" --ignore ranks --ignore threads --ignore partitioner --ignore windows ||
    fail "$2 differs from the uninterrupted run $1"
  echo "ok: $2 ($3 rank(s)) is the uninterrupted run's file"
}

snapshots() { ls "$1"/snapshot-*.fss 2> /dev/null | wc -l; }
newest() { ls "$1"/snapshot-*.fss 2> /dev/null | tail -1; }

reference() {
  launch 1 run "${scenario[@]}" --quiet --out ref.h5 > ref.log 2>&1 || fail "reference run"
}

case $mode in
kill)
  reference
  # 1. Killed just after its second snapshot is in place; resumed on 1 rank.
  FLEETSIM_TEST_KILL_AT_SNAPSHOT=2 launch 1 run "${scenario[@]}" --quiet --out a.h5 \
    --snapshot-every 2d --snapshot-dir a.snap > a.log 2>&1
  rc=$?
  [ $rc -eq 137 ] || fail "run a: exit $rc, expected 137 (SIGKILL)"
  [ ! -e a.h5 ] && [ "$(snapshots a.snap)" -eq 2 ] || fail "run a: expected 2 snapshots, no output"
  launch 1 run --resume a.snap --quiet --out a.h5 > a-resume.log 2>&1 || fail "resume a"
  same ref.h5 a.h5 1
  # 2. Killed between its third snapshot's temporary file and the rename, on 2 ranks: the torn
  # snapshot is never used, the directory resumes from the second, on 2 ranks.
  FLEETSIM_TEST_KILL_AT_SNAPSHOT=3:tmp launch 2 run "${scenario[@]}" --quiet --out b.h5 \
    --snapshot-every 2d --snapshot-dir b.snap > b.log 2>&1 && fail "run b was not killed"
  ls b.snap/.snapshot-*.tmp > /dev/null 2>&1 || fail "run b: no temporary file left by the kill"
  [ "$(snapshots b.snap)" -eq 2 ] || fail "run b: expected 2 complete snapshots"
  launch 2 run --resume b.snap --out b.h5 > b-resume.log 2>&1 || fail "resume b"
  grep -q "resuming b.snap/snapshot-0000345600000000.fss" b-resume.log || fail "b: wrong snapshot"
  same ref.h5 b.h5 2
  # 3. Killed from outside (the whole process group, as a scheduler does) at timed moments once
  # a snapshot exists, resumed on 1, 2 and 4 ranks; each resumed run snapshots again and the
  # first two are killed too, so the last resume starts from a snapshot of a resumed run.
  # 30 simulated days here: time enough left after each kill, even on a loaded machine.
  scenario=(--layout 10x10k --duration 30d --seed 3)
  launch 1 run "${scenario[@]}" --quiet --out ref30.h5 > ref30.log 2>&1 || fail "30-day reference"
  delays=(0.0 0.15 0.3)
  killed_ranks=(1 2 1)
  ranks=(1 2 4)  # the last resume has the least left to run: 4 ranks on 2 cores are slow
  resume=()
  for i in 0 1 2; do
    setsid bash -c "$(declare -f launch); fleetsim=$fleetsim; launch \"\$@\"" launch \
      "${killed_ranks[$i]}" run "${scenario[@]}" "${resume[@]}" --quiet --out c.h5 \
      --snapshot-every 1d --snapshot-dir c.snap > "c$i.log" 2>&1 &
    pid=$!
    before=$(newest c.snap)
    for _ in $(seq 400); do
      [ "$(newest c.snap)" != "$before" ] && break
      kill -0 $pid 2> /dev/null || break
      sleep 0.025
    done
    sleep "${delays[$i]}"
    kill -KILL -- -$pid 2> /dev/null || fail "kill $i: the run had already ended"
    wait $pid
    [ ! -e c.h5 ] || fail "kill $i: the run had already written its output"
    echo "killed a ${killed_ranks[$i]}-rank run ${delays[$i]} s after $(newest c.snap)"
    launch "${ranks[$i]}" run --resume c.snap --out "c-np${ranks[$i]}.h5" --threads 2 \
      > "c$i-resume.log" 2>&1 || fail "resume $i on ${ranks[$i]} rank(s)"
    same ref30.h5 "c-np${ranks[$i]}.h5" "${ranks[$i]}"
    resume=(--resume c.snap)
    scenario=()
  done
  ;;
middle)
  launch 2 run "${scenario[@]}" --quiet --out full.h5 --snapshot-every 3d --snapshot-keep 10 \
    --snapshot-dir m.snap > full.log 2>&1 || fail "run with snapshots"
  [ "$(snapshots m.snap)" -eq 3 ] || fail "expected snapshots at 3, 6 and 9 days"
  launch 1 run "${scenario[@]}" --quiet --out one.h5 --snapshot-every 3d --snapshot-keep 10 \
    --snapshot-dir one.snap > one.log 2>&1 || fail "1-rank run with snapshots"
  for f in m.snap/*.fss; do
    cmp "$f" "one.snap/$(basename "$f")" || fail "$f: not the same bytes as the 1-rank snapshot"
  done
  echo "ok: 2-rank and 1-rank snapshots are the same bytes"
  middle=$(ls m.snap/*.fss | sed -n 2p)
  for n in 1 4; do
    launch $n run --resume "$middle" --threads 2 --out "mid-np$n.h5" > "mid$n.log" 2>&1 ||
      fail "resume on $n rank(s)"
    same full.h5 "mid-np$n.h5" $n
  done
  same full.h5 one.h5 1
  ;;
features)
  [ -d "$data" ] || fail "features needs the tests/data directory"
  # The last case snapshots at 80 h with a job in flight between clusters (job 3608 leaves at
  # 78.3 h, its checkpoint crossing 1 Gb/s of WAN for 5.4 h): its state is in pending events.
  cases=(
    "5d|--layout 4x25k --duration 20d --seed 3 --workload.offered_load 0.95
     --workload.tenants 6 --sched.priority multifactor --sched.qos normal:0@frontier:100:normal
     --sched.frontier_qos frontier --sched.frontier_gpus 2048 --sched.preempt_mode requeue"
    "5d|--layout 4x25k --duration 20d --seed 4 --workload.offered_load 0.95 --workload.tenants 8
     --workload.tenant_zipf 1 --sched.backfill conservative --sched.priority multifactor"
    "4d|--layout giant --duration 12d --seed 3 --sched.placement topology
     --fabric.contention_traffic all --output.event_log true --sched.switches min
     --sched.switches_wait 10min"
    "1d|--layout 4x25k --trace $data/traces/equiv.swf --trace.size_scale 16
     --trace.offered_load 0.9 --duration 4d --failures $data/failures/equiv.failures.csv:native
     --failures.log_rate_scale 5"
    "3d|--layout 10x10k-span --duration 12d --seed 3 --workload.frontier_per_year 150
     --workload.frontier_work_min 20000 --workload.frontier_work_max 60000
     --failures.wan_rate 300 --failures.wan_repair 2h --sched.route earliest_start
     --sched.migrate_queued true"
    "3d|--layout 10x10k --duration 12d --seed 3 --failures.recovery elastic"
    "40h|--layout 10x10k --duration 12d --seed 3 --sched.migrate_interrupted true
     --sched.migrate_threshold 10min --span.wan_gbps 1"
  )
  k=0
  for c in "${cases[@]}"; do
    every=${c%%|*}
    read -r -d "" -a args <<< "${c#*|}" || true
    args=("${args[@]//@/ }")  # the QoS list is one value with spaces
    k=$((k + 1))
    launch 1 run "${args[@]}" --quiet --out "f$k-ref.h5" > "f$k-ref.log" 2>&1 ||
      fail "case $k reference: $(tail -1 "f$k-ref.log")"
    FLEETSIM_TEST_KILL_AT_SNAPSHOT=2 launch 1 run "${args[@]}" --quiet --out "f$k.h5" \
      --snapshot-every "$every" --snapshot-dir "f$k.snap" > "f$k.log" 2>&1
    rc=$?
    [ $rc -eq 137 ] || fail "case $k: exit $rc, expected 137 (SIGKILL): $(tail -1 "f$k.log")"
    launch 2 run --resume "f$k.snap" --out "f$k.h5" > "f$k-resume.log" 2>&1 ||
      fail "case $k: resume: $(tail -1 "f$k-resume.log")"
    echo "case $k: ${args[*]}"
    same "f$k-ref.h5" "f$k.h5" 2
  done
  ;;
corrupt)
  launch 1 run --layout 10x10k --duration 3d --seed 3 --quiet --out x.h5 --snapshot-every 1d \
    --snapshot-dir x.snap > x.log 2>&1 || fail "run with snapshots"
  good=$(ls x.snap/*.fss | tail -1)
  size=$(stat -c %s "$good")
  head -c $((size / 2)) "$good" > truncated.fss
  head -c 10 "$good" > stub.fss
  cp "$good" flipped.fss
  printf '\x5a' | dd of=flipped.fss bs=1 seek=$((size / 3)) conv=notrunc status=none
  cp "$good" extended.fss && echo junk >> extended.fss
  echo "[seed]" > notasnapshot.fss
  expect() {  # expect REGEX fleetsim args...: exit 2, one line matching REGEX, no output
    local regex=$1
    shift
    rm -f out.h5
    "$fleetsim" run "$@" --out out.h5 > out.log 2> err.log
    rc=$?
    [ $rc -eq 2 ] || fail "$*: exit $rc, expected 2: $(cat err.log)"
    [ "$(wc -l < err.log)" -eq 1 ] || fail "$*: not one line: $(cat err.log)"
    grep -Eq -- "$regex" err.log || fail "$*: '$(cat err.log)' does not match '$regex'"
    [ ! -e out.h5 ] && [ ! -e out.h5.partial ] || fail "$*: left an output file"
    echo "ok: $* -> $(cat err.log)"
  }
  expect "truncated.fss: not a complete fleetsim snapshot \(truncated" --resume truncated.fss
  expect "stub.fss: not a complete fleetsim snapshot" --resume stub.fss
  expect "flipped.fss: not a complete fleetsim snapshot \(checksum mismatch" --resume flipped.fss
  expect "extended.fss: not a complete fleetsim snapshot \(truncated: no end marker" --resume extended.fss
  expect "notasnapshot.fss: not a complete fleetsim snapshot \(no snapshot header\)" \
    --resume notasnapshot.fss
  expect "missing.fss: cannot open snapshot" --resume missing.fss
  mkdir -p empty.snap
  expect "empty.snap': the directory holds no snapshot" --resume empty.snap
  expect "command line --duration 20d conflicts with the snapshot $good" \
    --resume "$good" --duration 20d
  expect "command line --layout giant conflicts with the snapshot" --resume "$good" --layout giant
  expect "needs --snapshot-every" --snapshot-dir x.snap
  expect "--snapshot-every: must be a positive duration" --snapshot-every 0d
  # A snapshot that cannot be written (here: a directory no file can be made in) ends the run:
  # one line naming it, exit 1, no output.
  rm -f out.h5
  "$fleetsim" run --layout 10x10k --duration 3d --seed 3 --quiet --out out.h5 --snapshot-every 1d \
    --snapshot-dir /proc/self > out.log 2> err.log
  rc=$?
  [ $rc -eq 1 ] && [ "$(wc -l < err.log)" -eq 1 ] && [ ! -e out.h5 ] &&
    grep -q "^fleetsim: error: /proc/self/snapshot-0000086400000000.fss: cannot write snapshot" \
      err.log || fail "unwritable snapshot: exit $rc, $(cat err.log)"
  echo "ok: unwritable snapshot -> $(cat err.log)"
  # Two ranks: the same single line, from rank 0.
  rm -f out.h5
  mpirun -n 2 "$fleetsim" run --resume flipped.fss --out out.h5 > out.log 2> err.log
  rc=$?
  [ $rc -eq 2 ] && [ "$(grep -c 'checksum mismatch' err.log)" -eq 1 ] ||
    fail "2 ranks: exit $rc, $(cat err.log)"
  # Repeating the snapshot's own values is no conflict.
  "$fleetsim" run --resume "$good" --seed 3 --duration 3d --quiet --out ok.h5 > ok.log 2>&1 ||
    fail "resume with the snapshot's own options: $(cat ok.log)"
  same x.h5 ok.h5 1
  ;;
*)
  fail "unknown mode $mode"
  ;;
esac
echo "PASS: snapshot $mode"
