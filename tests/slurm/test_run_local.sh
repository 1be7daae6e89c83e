#!/usr/bin/env bash
# The local runner (no Slurm): a sweep of 2-rank points, one failing on purpose, rerun of only
# that point, the merged table checked against the files; and the tools' bad-input errors.
# usage: test_run_local.sh REPO_DIR FLEETSIM_BINARY      (ctest: sweep_run_local)
set -euo pipefail
repo=$1
fleetsim=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/fleetsim-local-test.XXXXXX)
trap 'rc=$?; if [ $rc -eq 0 ]; then rm -rf "$work"; else echo "test_run_local: FAILED, kept $work" >&2; fi' EXIT
fail() {
  echo "test_run_local: $*" >&2
  exit 1
}
cd "$work"

printf 'name = 1x8\ndescription = one cluster\ncluster_pods = 8\n' >1x8.ini
printf 'name = 2x4\ndescription = two clusters\ncluster_pods = 2x4\n' >2x4.ini
cat >ok.sweep <<'END'
[sweep]
seeds = 1
ranks = 2
time = 5
[fixed]
duration = 3d
fabric.pods = 8
workload.frontier_per_year = 0
[grid]
layout = 1x8.ini 2x4.ini
[grid late]
layout = late.ini   # not there yet: this point fails (fleetsim exits 2)
seeds = 3
END

echo "=== run-local -j 2: 3 points, the third fails"
rc=0
"$repo/slurm/run-local" ok.sweep --out out -j 2 --fleetsim "$fleetsim" | tee run1.txt || rc=$?
[ "$rc" -eq 1 ] || fail "run-local should exit 1 when a point fails, got $rc"
grep -Eq '^2 +c02-s3 +3 .*FAILED +local run exit 2: fleetsim: error: layout .*late\.ini: cannot open file' \
  run1.txt || fail "the failed point is not reported with its exit status and error"
grep -q "2 of 3 points complete, 1 failed" run1.txt || fail "wrong totals"
/usr/bin/python3 "$here/check_merged.py" out 2 run1.txt --ranks=2

echo "=== run-local DIR: only the failed point runs again"
printf 'name = late\ndescription = four clusters\ncluster_pods = 4x2\n' >late.ini
"$repo/slurm/run-local" out | tee run2.txt
grep -q "run-local: 1 of 3 points to run" run2.txt || fail "run-local DIR should rerun only 1 point"
/usr/bin/python3 "$here/check_merged.py" out 3 run2.txt --ranks=2

echo "=== collect: a file without the root attribute 'complete' is not complete"
f=$(ls out/*.h5 | head -1)
cp "$f" whole.h5
/usr/bin/python3 -c 'import h5py, sys; f = h5py.File(sys.argv[1], "r+"); del f.attrs["complete"]' "$f"
rc=0
"$repo/slurm/collect" out >col.txt || rc=$?
[ "$rc" -eq 1 ] || fail "collect should exit 1 when a file is incomplete, got $rc"
grep -Eq "INCOMPLETE +.*$(basename "$f"): not a complete fleetsim output \(no root attribute 'complete'" \
  col.txt || fail "the incomplete file is not reported: $(cat col.txt)"
grep -q "2 of 3 points complete, 1 incomplete" col.txt || fail "wrong totals: $(cat col.txt)"
[ "$(($(wc -l <out/summary.csv) - 1))" -eq 2 ] || fail "the incomplete point is in summary.csv"
mv whole.h5 "$f"
"$repo/slurm/collect" out >/dev/null || fail "collect should pass again with the whole file back"

echo "=== submit-sweep --dry-run writes a batch script Slurm would accept"
"$repo/slurm/submit-sweep" ok.sweep --out dry --dry-run --fleetsim "$fleetsim" | tee dry.txt
grep -q -- "--array=0-2 " dry.txt || fail "dry run should print sbatch --array=0-2"
bash -n dry/sweep.sbatch || fail "generated batch script is not valid bash"
for h in "--job-name=fleetsim-ok" "--array=0-2" "--ntasks=2" "--time=5" "--output=$work/dry/logs/%A_%a.out"; do
  grep -qx -- "#SBATCH $h" dry/sweep.sbatch || fail "batch script lacks #SBATCH $h"
done
[ ! -e dry/submissions.tsv ] || fail "a dry run recorded a submission"

echo "=== bad input: one line naming file, line and field; exit 2; no directory left"
expect_error() { # REGEX COMMAND...
  local regex=$1 rc=0
  shift
  "$@" >out.txt 2>err.txt || rc=$?
  [ "$rc" -eq 2 ] || fail "exit $rc (not 2) from: $* ($(cat err.txt))"
  [ "$(wc -l <err.txt)" -eq 1 ] || fail "not one error line from: $*: $(cat err.txt)"
  grep -Eq -- "$regex" err.txt || fail "error '$(cat err.txt)' does not match '$regex'"
  echo "ok: $(cat err.txt)"
}
bad() { # NAME CONTENT: a sweep file
  printf '%s\n' "$2" >"$1.sweep"
}
bad typo $'[sweep]\ntime = 5\n[grid]\nfailures.node_rat = 1 2'
expect_error "typo.sweep:4: \[grid\] unknown fleetsim option 'failures.node_rat'" \
  "$repo/slurm/submit-sweep" typo.sweep --out x1 --fleetsim "$fleetsim"
bad notime $'[sweep]\nseeds = 1\n[grid]\nseed = 1'
expect_error "notime.sweep: \[sweep\] needs time" "$repo/slurm/submit-sweep" notime.sweep --out x2 \
  --fleetsim "$fleetsim"
bad seeds $'[sweep]\ntime = 5\nseeds = 1 3-x'
expect_error "seeds.sweep:3: seeds: '3-x' is not a seed" "$repo/slurm/run-local" seeds.sweep --out x3 \
  --fleetsim "$fleetsim"
bad reserved $'[sweep]\ntime = 5\n[fixed]\nseed = 4'
expect_error "reserved.sweep:4: \[fixed\] 'seed' is set by the sweep" "$repo/slurm/submit-sweep" \
  reserved.sweep --out x4 --fleetsim "$fleetsim"
bad both $'[sweep]\ntime = 5\n[fixed]\nduration = 1d\n[grid]\nduration = 1d 2d'
expect_error "both.sweep:6: \[grid\] 'duration' is also in \[fixed\]" "$repo/slurm/submit-sweep" \
  both.sweep --out x5 --fleetsim "$fleetsim"
bad badtime $'[sweep]\ntime = soon'
expect_error "badtime.sweep:2: time: 'soon' is not a Slurm time" "$repo/slurm/submit-sweep" \
  badtime.sweep --out x6 --fleetsim "$fleetsim"
bad junk $'[sweep]\ntime = 5\nthis is not ini'
expect_error "junk.sweep:3: unparsable line 'this is not ini'" "$repo/slurm/submit-sweep" \
  junk.sweep --out x7 --fleetsim "$fleetsim"
expect_error "already holds a sweep" "$repo/slurm/submit-sweep" ok.sweep --out out --fleetsim "$fleetsim"
expect_error "nosuch.sweep: cannot open file" "$repo/slurm/submit-sweep" nosuch.sweep --out x8 \
  --fleetsim "$fleetsim"
expect_error "not a sweep directory" "$repo/slurm/collect" "$work"
expect_error "fleetsim binary /nonexistent/fleetsim: not found" "$repo/slurm/submit-sweep" ok.sweep \
  --out x9 --fleetsim /nonexistent/fleetsim
for d in x1 x2 x3 x4 x5 x6 x7 x8 x9; do
  [ ! -e "$d" ] || fail "bad input left directory $d behind"
done
echo "test_run_local: OK"
