// Slurm's --switches=N@max-time (https://slurm.schedmd.com/sbatch.html#OPT_switches) for every
// gang, as sched.switches asks (issue 12 item 6): "the maximum count of leaf switches desired for
// the job allocation and optionally the maximum time to wait for that number of switches. If
// Slurm finds an allocation containing more switches than the count specified, the job remains
// pending until it either finds an allocation with desired switch count or the time limit
// expires." The default wait is SchedulerParameters=max_switch_wait, 300 s
// (https://slurm.schedmd.com/slurm.conf.html#OPT_max_switch_wait): sched.switches_wait.
//
// The rule, in one place: a gang of whole nodes (never a job on part of a node, nor a spanning
// job's part, whose site the span coordinator holds) asks for at most N leaf groups, N = the
// fewest that could hold it, ceil(nodes / nodes per leaf group), plus sched.switches' K. The
// limit is in force from each time the job is queued (its arrival at the cluster, or its requeue
// after a failure or a preemption: it asks again, as a resubmitted job would) for
// sched.switches_wait; while it is, the gang fits only where topology placement would put it in at
// most N leaf groups (Placement::fits). The cluster (cluster_lp.cc) arms the limit when it
// queues the job and lifts it with a self-event at the end of the wait, before that instant's
// scheduling pass.
#pragma once
#include <cstdint>

#include "sim/model/cluster/placement.h"
#include "sim/model/config.h"

namespace fleetsim::model {

// The leaf groups job demand `d` may span while its limit is in force; 0: no limit (switches
// none, a sub-node job, a spanning job's part, or no leaf groups to count).
inline std::int32_t switch_limit(const SchedConfig& cfg, const Demand& d, int leaf_nodes,
                                 bool part) {
  if (cfg.switches_extra < 0 || !d.whole_nodes || part || leaf_nodes <= 0) return 0;
  return (d.nodes_needed + leaf_nodes - 1) / leaf_nodes + cfg.switches_extra;
}

}  // namespace fleetsim::model
