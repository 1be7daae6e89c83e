// Preemption (sched.preempt_mode; Slurm's PreemptType=preempt/qos,
// https://slurm.schedmd.com/preempt.html): a queued job whose QoS level may preempt others
// (sched.qos) is examined before every other queued job, as Slurm examines "jobs that can
// preempt" first; if it does not fit now, running jobs of the levels it may preempt are stopped
// until it fits, and it starts at once. When even all of them would not make room, none is.
//
// Victim order, documented and tested: lowest priority first (sched.priority; all 0 with fifo),
// then the youngest attempt (latest start), then the latest arrival in the cluster (highest
// index). Victims are taken in that order until the job fits; no smaller set is looked for.
// With partitions, only running jobs holding a node of the preemptor's partition are candidates.
//
// A victim goes back to the queue like a job interrupted by a failure: with `requeue` (Slurm's
// PreemptMode=REQUEUE) its work since its last checkpoint is lost; with `checkpoint` it
// checkpoints first and keeps what it computed (PreemptMode=CHECKPOINT; as planned maintenance,
// the write is not timed; a restart overhead or a checkpoint under way is still lost). Either way
// it pays the restart overhead when it starts again. Its lost work is booked as lost (the
// accounting identity holds) and also counted apart
// (/jobs/preempted_gpu_seconds). Suspending (PreemptMode=SUSPEND) is not modelled.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/model/cluster/scheduling_policy.h"

namespace fleetsim::model {

struct PreemptCandidate {
  std::int64_t priority = 0;
  Time started = 0;  // of its current attempt
  std::int32_t job = 0;
};

// Whether candidate a is preempted before candidate b (the victim order above).
bool preempt_first(const PreemptCandidate& a, const PreemptCandidate& b);

// The victims that make `job` fit, in victim order: a prefix of the sorted candidates, or none
// when all of them would not make room. Uses the placement's what-if, leaving it unchanged.
std::vector<std::int32_t> choose_victims(SchedulingView& view, std::int32_t job,
                                         std::vector<PreemptCandidate> candidates);

}  // namespace fleetsim::model
