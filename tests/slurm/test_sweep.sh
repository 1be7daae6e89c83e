#!/usr/bin/env bash
# A sweep on a real single-node Slurm: submit, wait, collect, check the merged table against the
# files, see the point that fails on purpose reported as FAILED, resubmit only it, collect again.
# usage: test_sweep.sh REPO_DIR FLEETSIM_BINARY H5_SAME   (ctest: slurm_sweep; exit 77 = skipped)
set -euo pipefail
repo=$1
fleetsim=$2
h5_same=$3
here=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=minislurm.sh
source "$here/minislurm.sh"
minislurm_test test_sweep sbatch srun squeue

step "start slurmctld, slurmd and munged in $work/slurm"
minislurm_start "$work/slurm"
srun --mpi=list 2>&1 | grep -q pmix || fail "srun has no pmix plugin"

# 8 points of 2 layouts x 2 failure rates x 2 seeds, and one more ([grid late]) whose layout file
# is not there yet: fleetsim rejects the missing file (exit 2), Slurm must record FAILED.
mkdir "$work/sweep"
printf 'name = 1x8\ndescription = one cluster\ncluster_pods = 8\n' >"$work/sweep/1x8.ini"
printf 'name = 2x4\ndescription = two clusters\ncluster_pods = 2x4\n' >"$work/sweep/2x4.ini"
cat >"$work/sweep/test.sweep" <<'EOF'
[sweep]
name = slurmtest
seeds = 1 2
ranks = 2
time = 5
throttle = 2

[fixed]
duration = 5d
fabric.pods = 8
workload.frontier_per_year = 0

[grid]
layout = 1x8.ini 2x4.ini
failures.node_rate = 2.34 6.5

[grid late]
layout = late.ini
seeds = 3
EOF

step "submit-sweep"
"$repo/slurm/submit-sweep" "$work/sweep/test.sweep" --out "$work/out" --fleetsim "$fleetsim" \
  | tee "$work/submit.txt"
grep -q -- "--array=0-8%2" "$work/submit.txt" || fail "submit-sweep did not submit --array=0-8%2"
[ "$(tail -n +2 "$work/out/manifest.csv" | wc -l)" -eq 9 ] || fail "manifest should hold 9 points"
grep -q '^#SBATCH --ntasks=2$' "$work/out/sweep.sbatch" || fail "batch script lacks #SBATCH --ntasks=2"

step "collect --wait (one point fails on purpose: exit 1 expected)"
rc=0
# Bounded, so that a stuck queue fails here (and cleanup runs) before ctest's timeout.
timeout 150 "$repo/slurm/collect" "$work/out" --wait --poll 2 >"$work/collect1.txt" || rc=$?
cat "$work/collect1.txt"
[ "$rc" -eq 1 ] || fail "collect should exit 1 with a failed point, got $rc"
grep -Eq '^8 +c04-s3 +3 .*FAILED +job [0-9]+_8 FAILED exit 2:0 .*late\.ini: cannot open file' \
  "$work/collect1.txt" || fail "collect did not report task 8 as FAILED with exit 2 and its error"
[ "$(grep -Ec '^[0-7] +c0[0-3]-s[12] .* complete +c0[0-3]-s[12]\.h5$' "$work/collect1.txt")" -eq 8 ] \
  || fail "collect did not report the other 8 points complete"
grep -q "8 of 9 points complete, 1 failed" "$work/collect1.txt" || fail "collect's totals are wrong"
# Slurm's own record (jobcomp/filetxt here, sacct on a cluster with accounting) says FAILED 2.
grep -Eq 'JobState=FAILED .*ArrayTaskId=8 .*ExitCode=2:0' "$work/slurm/log/jobcomp.txt" \
  || fail "Slurm's job completion log has no FAILED record with exit 2 for task 8"

step "merged table against the individual files and fleetsim's printed summaries"
/usr/bin/python3 "$here/check_merged.py" "$work/out" 8 "$work/collect1.txt" --ranks=2

step "resubmit only the failed point, after its layout file appears"
printf 'name = late\ndescription = four clusters\ncluster_pods = 4x2\n' >"$work/sweep/late.ini"
stat -c '%n %Y %i' "$work"/out/c0[0-3]-s[12].h5 >"$work/before.txt"
"$repo/slurm/resubmit" "$work/out" | tee "$work/resubmit.txt"
grep -q -- "--array=8%2 " "$work/resubmit.txt" || fail "resubmit should submit exactly task 8"
[ "$(grep -c '^resubmit: task ' "$work/resubmit.txt")" -eq 1 ] || fail "resubmit listed other tasks"

step "collect --wait again: every point complete"
timeout 100 "$repo/slurm/collect" "$work/out" --wait --poll 2 | tee "$work/collect2.txt"
grep -q "9 of 9 points complete" "$work/collect2.txt" || fail "not all 9 points complete"
/usr/bin/python3 "$here/check_merged.py" "$work/out" 9 "$work/collect2.txt" --ranks=2
stat -c '%n %Y %i' "$work"/out/c0[0-3]-s[12].h5 | diff - "$work/before.txt" \
  || fail "resubmission rewrote points that were already complete"
[ "$(wc -l <"$work/out/submissions.tsv")" -eq 2 ] || fail "expected exactly two submissions"

step "the local runner writes the same files as the Slurm tasks (same seed, same bytes)"
"$repo/slurm/run-local" "$work/sweep/test.sweep" --out "$work/local" -j 2 --fleetsim "$fleetsim" \
  | tail -n 3
for f in "$work"/out/c*.h5; do
  "$h5_same" "$f" "$work/local/$(basename "$f")" || fail "$(basename "$f") differs between runners"
done

step "resubmit with nothing left to do"
"$repo/slurm/resubmit" "$work/out" | grep -q "nothing to resubmit" || fail "resubmit found work"
echo
echo "test_sweep: OK"
