#!/usr/bin/env bash
# fleetsim's multifactor priority (sim/model/cluster/priority.h) against Slurm's own, as sprio
# shows it, for a handful of pending jobs on a real Slurm 22.05 (issue 12, "Tests").
# usage: test_sprio.sh PRIORITY_PROBE   (ctest: slurm_sprio; exit 77 = skipped)
#
# Slurm: minislurm (no slurmdbd) with priority/multifactor, a partition `prio` of the real node
# and 4 more of the same shape that never come up, so the cluster has 5 nodes; `prio` is DOWN,
# so its jobs pend and keep the priority sprio reports. (Held jobs cannot be used: a held job's
# priority is 0 and sprio leaves it out.) fleetsim: tests/tools/priority_probe, the simulator's
# own option parsing, fleet and JobOrder, on a one-cluster layout of 5 nodes of as many GPUs as
# the Slurm node has CPUs.
#
# What this Slurm can show (without slurmdbd; slurmctld.log says so, and this script checks it):
#  - job size: compared. Slurm 22.05 (priority_multifactor.c, set_priority_factors, with
#    PriorityFavorSmall=NO and no SMALL_RELATIVE_TO_TIME flag) computes
#      job_size = (min_nodes / node_record_count + cpus / cluster_cpus) / 2
#    (cpus: total_cpus once allocated, else the CPUs requested), clamped to [0, 1]. The mapping:
#    a Slurm node is a fleetsim node, a Slurm CPU a fleetsim GPU, so cluster_cpus = cluster
#    GPUs and node_record_count = the cluster's nodes. For a job of whole nodes the two terms
#    are equal; for a job of part of a node fleetsim averages them as Slurm does. Compared to
#    sprio's 7 decimals, and the priority (truncated, both sides) must be equal.
#  - the priority itself: Slurm's sum is truncated as fleetsim's, and never below 1 ("Priority
#    0 is reserved for held jobs"), nor is fleetsim's: checked after a reconfiguration that makes
#    a whole-node job's sum 0.2.
#  - age: NOT compared. slurmctld refuses PriorityWeightAge without slurmdbd ("PriorityWeightAge
#    can only be used with SlurmDBD, ignoring") and sprio's age is 0; nor does it recompute
#    priorities without slurmdbd (no decay thread: PriorityCalcPeriod has no effect), so a pending
#    job keeps the priority it got at submission. fleetsim's age factor is printed next to it.
#  - fair share: NOT compared. Refused likewise ("PriorityWeightFairshare can only be used with
#    SlurmDBD"): no associations, no usage. The probe gets weight 0 for both, as Slurm uses.
#  - QOS: NOT compared (0 on both sides by construction): without slurmdbd there are no QOS
#    records, so every job's QOS factor is 0; fleetsim's single level normal:0 gives 0 too.
#  - partition: Slurm's PriorityJobFactor over the largest partition's, weighted: two partitions
#    (factors 1 and 3) against fleetsim's sched.partitions factors; sprio's %P within +-1.
#  - nice, site, association, TRES: not modelled by fleetsim; weights 0 here.
# The test checks itself: the same comparison with a wrong job-size weight and with a wrong
# cluster size given to the probe must fail.
set -euo pipefail
probe=$1
here=$(cd "$(dirname "$0")" && pwd)

[ -x "$probe" ] || {
  echo "test_sprio: no probe at $probe" >&2
  exit 1
}
# shellcheck source=minislurm.sh
source "$here/minislurm.sh"
minislurm_test test_sprio sbatch srun squeue sprio scontrol

# The cluster: the real node and `nodes - 1` copies of it that never register (a closed port).
nodes=5
node=$(slurmd -C | head -1)
host=$(sed -n 's/^NodeName=\([^ ]*\).*/\1/p' <<<"$node")
cpus=$(sed -n 's/.* CPUs=\([0-9]*\).*/\1/p' <<<"$node")
if [ -z "$host" ] || [ -z "$cpus" ]; then fail "cannot read the node from 'slurmd -C': $node"; fi
read -r -a spare < <(_minislurm_ports)
fake="${node/NodeName=$host /NodeName=fake[1-$((nodes - 1))] } NodeAddr=127.0.0.1 Port=${spare[0]}"
# Weights: age and fair share are set so that slurmctld's refusal shows; job size large, so
# that the truncated priority resolves the factor to 1e-5. ACCRUE_ALWAYS: age from submission,
# as fleetsim's from arrival (moot while Slurm refuses the age weight).
w_age=600 w_fs=1000 w_js=100000 w_qos=1000 w_part=30000 max_age_min=10
conf() {
  cat <<EOF
PriorityType=priority/multifactor
PriorityWeightAge=$w_age
PriorityWeightFairshare=$w_fs
PriorityWeightJobSize=$1
PriorityWeightQOS=$w_qos
PriorityWeightPartition=$w_part
PriorityMaxAge=$max_age_min
PriorityFavorSmall=NO
PriorityFlags=ACCRUE_ALWAYS
$fake State=DOWN
PartitionName=prio Nodes=$host,fake[1-$((nodes - 1))] MaxTime=INFINITE State=DOWN PriorityJobFactor=1
PartitionName=prio3 Nodes=$host,fake[1-$((nodes - 1))] MaxTime=INFINITE State=DOWN PriorityJobFactor=3
EOF
}

step "start Slurm with priority/multifactor and a $nodes-node partition 'prio' (DOWN) in $work/slurm"
minislurm_start "$work/slurm" "$(conf "$w_js")"
log=$work/slurm/log/slurmctld.log
export SLURM_TIME_FORMAT=%s # squeue prints Unix times

step "which weights slurmctld uses"
eff_age=$w_age eff_fs=$w_fs
grep -q "PriorityWeightAge can only be used with SlurmDBD, ignoring" "$log" && eff_age=0
grep -q "PriorityWeightFairshare can only be used with SlurmDBD, ignoring" "$log" && eff_fs=0
echo "configured: age $w_age fair share $w_fs job size $w_js qos $w_qos; used: age $eff_age fair share $eff_fs"
if [ "$eff_age" != 0 ] || [ "$eff_fs" != 0 ]; then
  fail "slurmctld did not refuse the age and fair-share weights: this Slurm computes them" \
    "without slurmdbd, so compare them too (only job size is compared here)"
fi

# Jobs: NAME SLURM-REQUEST GPUS-IN-FLEETSIM NODES. Whole nodes: k nodes of all their CPUs =
# k x cpus GPUs; part of a node: 1 CPU = 1 GPU (only when a node has more than one CPU).
jobs=()
[ "$cpus" -gt 1 ] && jobs+=("part|-N1 -n1|1|1|prio")
for k in 1 2 3 4 5; do jobs+=("whole$k|-N$k -n$((k * cpus))|$((k * cpus))|$k|prio"); done
# The partition factor: PriorityJobFactor 3 (the largest) against prio's 1, so 1 against 1/3.
jobs+=("prio3|-N2 -n$((2 * cpus))|$((2 * cpus))|2|prio3")

step "submit ${#jobs[@]} jobs to 'prio' (they pend: PartitionDown)"
declare -A id_of gpus_of nodes_of kind_of part_of
for j in "${jobs[@]}"; do
  IFS='|' read -r name req gpus k part <<<"$j"
  # shellcheck disable=SC2086 # req is several options
  id=$(sbatch --parsable -p "$part" $req -t 10 -o /dev/null -J "$name" --wrap "sleep 1")
  id_of[$name]=$id gpus_of[$id]=$gpus nodes_of[$id]=$k part_of[$id]=$part
  kind_of[$id]=$([ "$gpus" -eq $((k * cpus)) ] && echo whole || echo part)
  echo "job $id $name: sbatch $req  <->  fleetsim: $gpus GPUs of $((nodes * cpus))"
done
ids=$(IFS=,; echo "${id_of[*]}")
sleep 3 # fleetsim's age becomes non-zero (Slurm's stays 0: it refuses the weight)

step "Slurm: squeue and sprio"
squeue -h -j "$ids" -o "%i %T %V %D %C %Q %r" | sort -n | tee "$work/squeue.txt"
now=$(date +%s)
# %Y priority, then the normalized factors (weighted / weight; 7 decimals): age, fair share, job
# size, QOS, and the weighted partition factor.
sprio -h -j "$ids" -o "%i %Y %a %f %j %q %P" | sort -n >"$work/sprio.txt"
cat "$work/sprio.txt"
[ "$(wc -l <"$work/sprio.txt")" -eq "${#jobs[@]}" ] || fail "sprio shows $(wc -l <"$work/sprio.txt") of ${#jobs[@]} jobs"
awk '$2 != "PENDING" { bad = 1 } END { exit bad }' "$work/squeue.txt" || fail "a job is not pending"

# The probe's input: ID GPUS SUBMIT TENANT, the submit time as squeue says.
while read -r id _ submit _; do
  echo "$id ${gpus_of[$id]} $submit 0 ${part_of[$id]}"
done <"$work/squeue.txt" >"$work/jobs.txt"
printf 'name = sprio\ndescription = one cluster of one pod\ncluster_pods = 1\n' >"$work/layout.ini"

# probe_run NODES W_JS [W_PART]: fleetsim's priorities of the jobs at $now (the probe's arguments are
# fleetsim's own options: network none, for a fabric of one pod of NODES nodes).
probe_run() {
  "$probe" --layout "$work/layout.ini" --fabric.network none --fabric.pods 1 \
    --fabric.nodes_per_pod "$1" --fabric.gpus_per_node "$cpus" --workload.frontier_per_year 0 \
    --sched.priority multifactor --sched.qos normal:0 --sched.frontier_qos "" \
    --sched.preempt_mode off --sched.priority_max_age "${max_age_min}min" \
    --sched.weight_age "$eff_age" --sched.weight_fair_share "$eff_fs" \
    --sched.weight_job_size "$2" --sched.weight_qos "$w_qos" \
    --sched.partitions "prio:factor=1 prio3:factor=3" --sched.weight_partition "${3:-$w_part}" \
    --now "$now" <"$work/jobs.txt"
}

# compare PROBE_OUT: field by field; prints a table and returns the number of mismatches.
compare() {
  local bad=0 id prio age fs js qos part f_prio f_age f_fs f_js f_qos f_part verdict expect
  printf '%-5s %-5s | %-7s %-9s %-9s %-9s %-9s %-7s | %-7s %-9s %-9s %-9s %-9s %-9s | %s\n' job \
    kind slurm job_size age fair_sh qos part fleetsim job_size age fair_sh qos partition verdict
  while read -r id prio age fs js qos part; do
    read -r f_prio f_age f_fs f_js f_qos f_part < <(awk -v id="$id" '$1 == id { print $2, $3, $4, $5, $6, $7 }' "$1")
    [ -n "$f_prio" ] || { echo "job $id: not in the probe's output"; bad=$((bad + 1)); continue; }
    verdict=MATCH
    # Factors that must agree whatever the job: age and fair share (weights 0 on both sides:
    # Slurm 0; fleetsim's are informational), QOS 0 on both sides.
    if ! awk -v a="$qos" -v b="$f_qos" 'BEGIN { exit !(a == 0 && b == 0) }'; then
      verdict="MISMATCH(qos)"
    # The partition factor: sprio's %P is it weighted (printed rounded), fleetsim's unweighted.
    elif ! awk -v p="$part" -v f="$f_part" -v w="$w_part" 'BEGIN { d = p - w * f; exit !(d <= 1 && d >= -1) }'; then
      verdict="MISMATCH(partition: slurm $part, fleetsim $f_part x $w_part)"
    else
      # Job size to sprio's 7 decimals, for jobs of whole nodes and of part of a node alike; the
      # priority exactly (both truncate the same sum).
      if ! awk -v a="$js" -v b="$f_js" 'BEGIN { d = a - b; exit !(d < 6e-8 && d > -6e-8) }'; then
        verdict="MISMATCH(job_size)"
      elif [ "$prio" != "$f_prio" ]; then
        verdict="MISMATCH(priority)"
      fi
    fi
    [[ $verdict == MISMATCH* ]] && bad=$((bad + 1))
    printf '%-5s %-5s | %-7s %-9s %-9s %-9s %-9s %-7s | %-7s %-9s %-9s %-9s %-9s %-9s | %s\n' \
      "$id" "${kind_of[$id]}" "$prio" "$js" "$age" "$fs" "$qos" "$part" "$f_prio" "$f_js" "$f_age" \
      "$f_fs" "$f_qos" "$f_part" "$verdict"
  done <"$work/sprio.txt"
  return "$bad"
}

step "fleetsim: priority_probe (cluster of $nodes nodes x $cpus GPUs, the same weights Slurm uses)"
probe_run "$nodes" "$w_js" | tee "$work/probe.txt"
step "compare (age and fair share: weight 0 on both sides, Slurm's 0, fleetsim's shown unweighted)"
compare "$work/probe.txt" || fail "fleetsim's priority differs from Slurm's (above)"

step "self-check: a wrong job-size weight (x1.01) and a wrong cluster ($((nodes + 1)) nodes) must fail"
probe_run "$nodes" $((w_js * 101 / 100)) >"$work/probe_bad_weight.txt"
if compare "$work/probe_bad_weight.txt"; then fail "the comparison passed a wrong weight"; fi
probe_run $((nodes + 1)) "$w_js" >"$work/probe_bad_size.txt"
if compare "$work/probe_bad_size.txt"; then fail "the comparison passed a wrong cluster size"; fi
echo "both failed, as they must"

step "priority floor: job-size weight 1 (scontrol reconfigure), one whole-node job: sum 1/$nodes"
sed -i "s/^PriorityWeightJobSize=.*/PriorityWeightJobSize=1/; s/^PriorityWeightPartition=.*/PriorityWeightPartition=0/" "$SLURM_CONF"
scontrol reconfigure
id=$(sbatch --parsable -p prio -N1 -n"$cpus" -t 10 -o /dev/null -J floor --wrap "sleep 1")
now=$(date +%s)
read -r _ prio js < <(sprio -h -j "$id" -o "%i %Y %j")
submit=$(squeue -h -j "$id" -o "%V")
echo "$id $cpus $submit 0 prio" >"$work/jobs.txt"
read -r _ f_prio _ _ f_js _ < <(probe_run "$nodes" 1 0 | grep -v '^#')
echo "job $id: slurm priority $prio (job_size $js); fleetsim priority $f_prio (job_size $f_js)"
awk -v a="$js" -v b="$f_js" 'BEGIN { d = a - b; exit !(d < 6e-8 && d > -6e-8) }' ||
  fail "job size differs for a whole-node job: slurm $js, fleetsim $f_js"
if [ "$f_prio" != 1 ] || [ "$prio" != 1 ]; then
  fail "expected the floor of 1 on both sides (the sum is 1/$nodes); got fleetsim $f_prio and Slurm $prio"
fi
echo "MATCH: both floor the priority at 1"

echo
echo "PASS: sprio and fleetsim agree on job size and priority for whole-node jobs; for jobs of whole and part nodes, and on the floor of 1"
