// Partitions (Slurm's partitions, https://slurm.schedmd.com/slurm.conf.html "PARTITION
// CONFIGURATION"): named ranges of each cluster's pods, each with the limits of the jobs it takes.
// sched.partitions lists them, space-separated, each "NAME[:KEY=VALUE...]" with the keys
//   pods=all | A-B | A%-B%   pods A..B of the cluster (0-based, inclusive), or the pods from
//                           round(A% x pods) to round(B% x pods) - 1, halves up, so adjacent
//                           shares tile the cluster (default all);
//   max_gpus=N              largest job, in GPUs (Slurm's MaxNodes; default no limit);
//   max_time=DURATION       longest time limit (MaxTime; default none);
//   qos=Q1,Q2...            the QoS levels that may use it (AllowQos; default all);
//   factor=N                PriorityJobFactor, the multifactor priority's partition factor over
//                           the largest of all partitions' (default 1).
// Partitions may overlap (a node in several), as Slurm's may.
//
// A job's partition, the rule (synthetic jobs and traces alike): the first partition, in the
// order listed, whose limits admit it on its cluster: its QoS allowed, its GPUs at most max_gpus
// and at most the partition's GPUs there, its time limit at most max_time (Slurm rejects a job
// beyond its partition's limits with EnforcePartLimits=ALL; a user who lists several partitions
// runs in one that admits the job). A job that carries the partition its trace recorded
// (JobSpec::partition, trace.partitions = trace) may use that partition only, and only where its
// limits admit the job: Slurm with EnforcePartLimits=ALL rejects a job beyond the limits of the
// partition it names. The router sends a job only to a cluster where some
// partition admits it, and rejects it when there is none.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/model/cluster/placement.h"
#include "sim/model/config.h"

namespace fleetsim::model {

// Throws std::invalid_argument naming the defect (a duplicate name, an unknown key, a bad range
// or number). Durations are read and written by the caller's functions (sim/io/units.h).
std::vector<PartitionSpec> parse_partition_list(
    const std::string& text, const std::function<Time(const std::string&)>& parse_duration);
std::string format_partition_list(const std::vector<PartitionSpec>& partitions,
                                  const std::function<std::string(Time)>& format_duration);

// The pods of partition p on a cluster of `pods` pods; empty (first == end) when it has none
// there, and an absolute range beyond the cluster is not clipped (check_partitions refuses it).
PodRange partition_pods(const PartitionSpec& p, int pods);

// The partition (index into cfg.partitions) job `job` of QoS level `qos` runs in on a cluster of
// `pods` pods of `pod_gpus` GPUs each, by the rule above; -1 when none admits it. Without
// partitions, -1 for every job: the job may use the whole cluster.
int partition_for(const SchedConfig& cfg, const core::JobSpec& job, int qos, int pods,
                  std::int64_t pod_gpus);
// Whether the job may run on that cluster at all (some partition admits it, or there are none).
bool admitted(const SchedConfig& cfg, const core::JobSpec& job, int qos, int pods,
              std::int64_t pod_gpus);

// Slurm's partition factor: the partition's PriorityJobFactor over the largest of all
// partitions'; 0 for a job in no partition (no partitions configured).
double partition_factor(const SchedConfig& cfg, int partition);

// The configuration's defects on a layout whose clusters have these pods: a QoS name that is no
// level of sched.qos, an absolute range beyond a cluster, a partition with no pod on some
// cluster. One message naming the partition and key; "" when none.
std::string check_partitions(const SchedConfig& cfg, const std::vector<int>& cluster_pods);

}  // namespace fleetsim::model
