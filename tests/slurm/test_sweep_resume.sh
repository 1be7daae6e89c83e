#!/usr/bin/env bash
# A sweep point stopped by Slurm resumes from its snapshot when resubmitted (docs/snapshots.md),
# on a real single-node Slurm: the running 2-rank task is killed with `scancel --signal=KILL`
# once a snapshot exists (what a time limit or a preemption does in the end), collect reports
# it not complete, resubmit reruns it, the batch script passes --resume, collect says it resumed,
# and the file is the uninterrupted run's.
# usage: test_sweep_resume.sh REPO_DIR FLEETSIM H5_SAME  (ctest: slurm_sweep_resume; 77 = skipped)
set -euo pipefail
repo=$1
fleetsim=$2
h5_same=$3
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=minislurm.sh
source "$here/minislurm.sh"
minislurm_test test_sweep_resume sbatch srun squeue scancel

minislurm_start "$work/slurm"
mkdir "$work/sweep"
cat >"$work/sweep/resume.sweep" <<'EOF'
[sweep]
name = resumetest
seeds = 3
ranks = 2
time = 5
snapshot_every = 10d
[fixed]
duration = 150d
layout = giant
EOF
# The run must outlast scancel by a wide margin after its first snapshot (day 10): 30 days of
# 10x10k once took seconds, now well under one, and the task could finish before the kill landed.

echo "=== submit, kill the task once it has a snapshot"
"$repo/slurm/submit-sweep" "$work/sweep/resume.sweep" --out "$work/out" --fleetsim "$fleetsim" \
  | tee "$work/submit.txt"
job=$(cut -f1 "$work/out/submissions.tsv" | head -1)
for _ in $(seq 600); do
  ls "$work"/out/snapshots/0/snapshot-*.fss >/dev/null 2>&1 && break
  sleep 0.1
done
ls "$work"/out/snapshots/0/snapshot-*.fss >/dev/null 2>&1 || fail "no snapshot within 60 s"
scancel --signal=KILL --full "$job"
scancel "$job" 2>/dev/null || true
for _ in $(seq 100); do
  [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
  sleep 0.2
done
[ ! -e "$work/out/c00-s3.h5" ] || fail "the task finished before it was killed"
rc=0
"$repo/slurm/collect" "$work/out" >"$work/collect1.txt" || rc=$?
cat "$work/collect1.txt"
[ "$rc" -eq 1 ] || fail "collect should exit 1 with the point killed, got $rc"
snap=$(basename "$(ls "$work"/out/snapshots/0/snapshot-*.fss | tail -1)")

echo "=== resubmit: the task resumes from $snap"
"$repo/slurm/resubmit" "$work/out" | tee "$work/resubmit.txt"
timeout 150 "$repo/slurm/collect" "$work/out" --wait --poll 1 | tee "$work/collect2.txt"
grep -q "1 of 1 points complete" "$work/collect2.txt" || fail "the point did not complete"
grep -Eq "complete +c00-s3\.h5; resumed from $snap \(job [0-9]+_0\)" "$work/collect2.txt" ||
  fail "collect does not say the point resumed from $snap"
# fleetsim's own line, not only the batch script's: the run really continued from the snapshot.
grep -Eq "^ +resuming .*/$snap at [0-9]+d$" "$work"/out/logs/*_0.out ||
  fail "fleetsim did not resume in the task's log"
[ ! -e "$work/out/snapshots/0" ] || fail "the completed point's snapshots were not removed"

echo "=== the file is the uninterrupted run's"
"$fleetsim" run --layout giant --duration 150d --seed 3 --quiet --out "$work/ref.h5" >/dev/null
[ "$("$h5_same" --get "$work/out/c00-s3.h5" ranks)" = 2 ] || fail "the task did not run on 2 ranks"
"$h5_same" "$work/ref.h5" "$work/out/c00-s3.h5" --ignore ranks --ignore threads \
  --ignore partitioner --ignore windows || fail "the resumed point differs from the uninterrupted run"
echo "test_sweep_resume: OK"
