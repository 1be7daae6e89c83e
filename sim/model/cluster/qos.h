// QoS levels (Slurm's QOS, https://slurm.schedmd.com/qos.html): what a job's level gives it, a
// priority factor and the right to preempt running jobs of the levels it names. The levels come
// from sched.qos, written "NAME:PRIORITY[:PREEMPTED,...] ..." (the first level is every job's
// default); a job asking for at least sched.frontier_gpus GPUs gets sched.frontier_qos.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/model/config.h"

namespace fleetsim::model {

// Throws std::invalid_argument naming the defect (an unknown level, a duplicate name, a
// negative priority, a level that preempts one of no lower priority).
std::vector<QosLevel> parse_qos_list(const std::string& text);
std::string format_qos_list(const std::vector<QosLevel>& levels);

// The index of level `name` in cfg.qos; -1 when there is none.
int qos_index(const SchedConfig& cfg, const std::string& name);
// The level a job asking for `gpus_requested` GPUs runs at (the documented rule above).
std::int8_t qos_of(const SchedConfig& cfg, std::int32_t gpus_requested);
// Whether a queued job at level `a` may preempt a running one at level `b`.
bool may_preempt(const SchedConfig& cfg, int a, int b);
// Slurm's QOS factor: the level's priority over the largest of all levels (0 when all are 0).
double qos_factor(const SchedConfig& cfg, int level);

}  // namespace fleetsim::model
