#!/bin/sh
# ctest critical_path_run: `fleetsim run --critical-path` prints the bound and writes the same file
# as a run without it, on 1 and 2 ranks.
#   critical_path_run.sh FLEETSIM H5SAME MPIEXEC DIR
set -u
fleetsim=$1 h5same=$2 mpiexec=$3 dir=$4
fail() { echo "FAIL: $*"; exit 1; }
rm -rf "$dir" && mkdir -p "$dir" || fail "cannot make $dir"
args="run --layout 10x10k --duration 5d --seed 4"
# shellcheck disable=SC2086
"$fleetsim" $args --out "$dir/plain.h5" >"$dir/plain.log" 2>&1 || fail "plain run: $(cat "$dir/plain.log")"
# shellcheck disable=SC2086
"$fleetsim" $args --critical-path events --out "$dir/events.h5" >"$dir/events.log" 2>&1 ||
  fail "events run: $(cat "$dir/events.log")"
# shellcheck disable=SC2086
"$mpiexec" -n 2 "$fleetsim" $args --critical-path time --out "$dir/time.h5" >"$dir/time.log" 2>&1 ||
  fail "2-rank time run: $(cat "$dir/time.log")"
"$h5same" "$dir/plain.h5" "$dir/events.h5" || fail "--critical-path events changed the file"
"$h5same" "$dir/plain.h5" "$dir/time.h5" --ignore ranks --ignore windows || fail "--critical-path time changed the file"
events=$(sed -n 's/^ *\([0-9]*\) events in .*/\1/p' "$dir/plain.log")
[ -n "$events" ] || fail "no event count in $(cat "$dir/plain.log")"
# Cost 1 per event: the work is the event count and the path at most that.
line=$(grep 'critical path (events)' "$dir/events.log") || fail "no critical path line"
echo "$line"
work=$(echo "$line" | sed -n 's/.*: \([0-9]*\) of \([0-9]*\) events.*/\2/p')
length=$(echo "$line" | sed -n 's/.*: \([0-9]*\) of \([0-9]*\) events.*/\1/p')
[ "$work" = "$events" ] || fail "work $work is not the $events events"
[ "$length" -ge 1 ] && [ "$length" -le "$work" ] || fail "path $length outside 1..$work"
grep -q 'critical path (handler time): .* speed-up bound' "$dir/time.log" || fail "no time bound"
grep -q 'rank 1: .*handle .* s, deliver .* s, sync .* s, output .* s; peak [0-9]* MiB' "$dir/time.log" ||
  fail "no per-rank split in $(cat "$dir/time.log")"
echo "critical_path_run passed"
