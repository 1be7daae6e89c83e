#!/usr/bin/env bash
# Sweep points resume from their snapshots (docs/snapshots.md), shown with the local runner, the
# same logic as sweep.sbatch's: a point killed by SIGKILL after its second snapshot (as Slurm
# ends a task at its time limit) fails; `run-local DIR` resumes it from the newest snapshot;
# collect says it resumed; the file is the uninterrupted run's; the snapshots are gone.
# usage: test_resume_local.sh REPO_DIR FLEETSIM_BINARY H5SAME     (ctest: sweep_resume_local)
set -euo pipefail
repo=$1
fleetsim=$2
h5same=$3
work=$(mktemp -d /tmp/fleetsim-resume-test.XXXXXX)
trap 'rc=$?; if [ $rc -eq 0 ]; then rm -rf "$work"; else echo "test_resume_local: FAILED, kept $work" >&2; fi' EXIT
fail() {
  echo "test_resume_local: $*" >&2
  exit 1
}
cd "$work"
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_btl_vader_single_copy_mechanism=none

cat >resume.sweep <<'END'
[sweep]
seeds = 3
ranks = 2
time = 5
snapshot_every = 2d
[fixed]
duration = 12d
layout = 10x10k
END

echo "=== run-local: the point is killed just after its second snapshot"
rc=0
FLEETSIM_TEST_KILL_AT_SNAPSHOT=2 "$repo/slurm/run-local" resume.sweep --out out \
  --fleetsim "$fleetsim" | tee run1.txt || rc=$?
[ "$rc" -eq 1 ] || fail "run-local should exit 1 when the point is killed, got $rc"
grep -Eq '^0 +c00-s3 +3 +FAILED +local run exit (137|9)' run1.txt ||
  fail "the killed point is not reported failed: $(cat run1.txt)"
ls out/snapshots/0/snapshot-0000345600000000.fss >/dev/null || fail "no snapshot left at 4 days"

echo "=== run-local DIR: it resumes from the newest snapshot"
"$repo/slurm/run-local" out | tee run2.txt
# fleetsim's own line, not only the runner's: the run really continued from the snapshot.
grep -Eq "^ +resuming .*/snapshots/0/snapshot-0000345600000000.fss at 4d$" \
  out/logs/local-0.out || fail "the rerun did not resume: $(head -4 out/logs/local-0.out)"
grep -Eq '^0 +c00-s3 +3 +complete +c00-s3.h5; resumed from snapshot-0000345600000000.fss \(job local\)' \
  run2.txt || fail "collect does not say the point resumed: $(cat run2.txt)"
[ ! -e out/snapshots/0 ] || fail "the completed point's snapshots were not removed"
"$repo/slurm/collect" out >col.txt
grep -q "resumed from snapshot-0000345600000000.fss" col.txt ||
  fail "collect alone does not say the point resumed"

echo "=== the resumed file is the uninterrupted run's"
"$fleetsim" run --layout 10x10k --duration 12d --seed 3 --quiet --out ref.h5 >ref.log 2>&1
[ "$("$h5same" --get out/c00-s3.h5 ranks)" = 2 ] || fail "the point did not run on 2 ranks"
"$h5same" ref.h5 out/c00-s3.h5 --ignore ranks --ignore threads --ignore partitioner --ignore windows ||
  fail "the resumed point differs from the uninterrupted run"
echo "test_resume_local: PASS"
