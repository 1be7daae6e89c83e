#!/bin/sh
# Checks of bench/tools/phold_bench (ctest phold_bench_checks): exit status and content.
#   phold_bench_checks.sh PHOLD_BENCH MPIEXEC
set -u
bench=$1 mpiexec=$2
fail() { echo "FAIL: $*"; exit 1; }

# 2 ranks, 10% of the events to the other rank: ~38k events, so the share is 10% +- 1%.
out=$("$mpiexec" -n 2 "$bench" --lps 64 --population 4 --end-s 0.3 --remote 0.1 \
      --critical-path events 2>&1) || fail "2-rank run exited $?: $out"
echo "$out"
line=$(echo "$out" | grep '^phold ranks=2 threads=1 ') || fail "no result line"
share=$(echo "$line" | tr ' ' '\n' | sed -n 's/^remote_share=//p')
events=$(echo "$line" | tr ' ' '\n' | sed -n 's/^events=//p')
awk -v s="$share" 'BEGIN { exit !(s >= 0.09 && s <= 0.11) }' || fail "remote share $share"
# Constant population: 64 LPs x 4 events x 0.3 s / (1 ms + 1 ms mean delay) = 38,400, +-5%.
awk -v e="$events" 'BEGIN { exit !(e >= 36480 && e <= 40320) }' || fail "events $events"
echo "$out" | grep -q "critical path (events): [0-9]* of $events events" || fail "critical path"

# Without another LP to send to, nothing crosses ranks.
out=$("$mpiexec" -n 2 "$bench" --lps 64 --population 4 --end-s 0.1 --other 0 2>&1) ||
  fail "run exited $?"
echo "$out" | grep -q 'remote_share=0.0000' || fail "events crossed ranks with --other 0"

# A bad option: one line naming it, exit status 2.
out=$("$bench" --remote 1.5 2>&1)
rc=$?
[ "$rc" -eq 2 ] || fail "bad option exited $rc"
[ "$out" = "phold_bench: error: command line --remote: must be in [0, 1]" ] || fail "message: $out"
echo "all phold_bench checks passed"
