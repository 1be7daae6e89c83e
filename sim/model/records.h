// Rows the model hands to the output writer. Units: times in microseconds of simulated time
// (converted to seconds when written), GPU amounts in GPUs.
#pragma once
#include <cstdint>

#include "core/component.h"
#include "core/job.h"
#include "sim/engine/event.h"

namespace fleetsim::model {

using engine::Time;

// kFailed and kCancelled: replayed jobs that ended as their trace recorded
// (trace.replay_outcomes), at the same point of their run time.
enum class JobState : std::int8_t {
  kCompleted = 0,
  kRunning = 1,
  kQueued = 2,
  kRejected = 3,
  kFailed = 4,
  kCancelled = 5,
  kTimeout = 6  // killed at its time limit (sched.enforce_time_limits)
};

// A job's whole story: what was submitted (one definition from source to output) and what
// became of it. Written to /jobs, one row per job, row = job.id.
struct JobRecord {
  // Fields are grouped by size (8-byte times and reals first, then 4-, 2- and 1-byte ones), not
  // by topic: a replay holds one record per job to the end, and padding between mixed sizes cost
  // 16 bytes a job (issue 14: 10M jobs within 4 GiB). The snapshot and /jobs read them by name.
  core::JobSpec job;
  Time start = -1;  // first start
  Time end = -1;
  // Per allocated GPU; multiply by gpus_allocated for GPU-time. useful + lost + checkpoint +
  // degraded + contended = allocated holds exactly.
  Time useful = 0;
  Time lost = 0;
  Time checkpoint = 0;
  Time allocated = 0;
  // Time the job ran slower than it would have on a healthy fabric (a failed spine or core
  // switch on a tier it crosses, a failed leaf of a plane it uses): the wall time its work took
  // beyond what it would have taken at full speed.
  Time degraded = 0;
  // Time the job ran slower because jobs crossing the same oversubscribed tier shared its
  // uplinks (fabric.contention; sim/model/fabric/tier_share.h), or spanning jobs shared a site's
  // WAN (span.wan_shared), beyond its time at the rate the fabric's failures alone would leave it.
  Time contended = 0;
  // The time per GPU its preemptions lost (part of `lost`; sim/model/cluster/preemption.h).
  Time preempted = 0;
  // Per allocated GPU, the wall time its parts held their nodes idle waiting for the other sites
  // (co-allocation of a spanning job; sim/model/span/span_lp.h), not part of `allocated`.
  Time held = 0;
  // Wall time it waited for its leaf groups (sched.switches; sim/model/cluster/switches.h): from
  // the first scheduling pass at which enough nodes were free for it, but only over more leaf
  // groups than it asked for, to its start or the end of its wait; summed over its queueings.
  Time switch_wait = 0;
  // failures.recovery = elastic (sim/model/cluster/elastic.h): the part of `allocated` it ran
  // shrunk (per allocated GPU, as the times above: x gpus_allocated is the GPU-time it ran on
  // fewer GPUs); `shrinks` and `grows` below count the reconfigurations.
  Time ran_shrunk = 0;
  // sched.migrate_interrupted (sim/model/cluster_migrate.cc): the wall time its checkpoints spent
  // crossing the WAN when it moved, interrupted after it had started, to another cluster
  // (waiting, not part of `allocated`); `migrations` below counts the moves.
  Time migrate_time = 0;
  // How fast it trains at full bandwidth (sim/model/job_speed.h): seconds per step, model FLOPS
  // utilization, exposed communication's share of a step. Zeros without a step model.
  double step_s = 0, mfu = 0, exposed_comm_share = 0;
  std::int32_t cluster = -1;
  std::int32_t gpus_allocated = 0;  // whole nodes for gangs
  std::int32_t restarts = 0;
  std::int32_t preemptions = 0;  // times preempted
  // Times the router moved it, queued and never started, to another cluster (sched.migrate_queued;
  // at most once).
  std::int32_t moves = 0;
  std::int32_t shrinks = 0, grows = 0;  // failures.recovery = elastic, above
  // Sites it ran across (sched.oversize = span): 1 for a job on one cluster, whose `cluster` is
  // its first site then.
  std::int16_t sites = 1;
  std::int16_t migrations = 0;  // sched.migrate_interrupted, with migrate_time above
  JobState state = JobState::kQueued;
  // The catalog model it trains (training/catalog.h; 0 none).
  std::int8_t model = 0;
  // QoS level (index into sched.qos; sim/model/cluster/qos.h).
  std::int8_t qos = 0;
  // Its partition (index into sched.partitions; -1 without partitions; partitions.h).
  std::int8_t partition = -1;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(job, cluster, gpus_allocated, state, restarts, start, end, useful, lost, checkpoint,
       allocated, degraded, model, step_s, mfu, exposed_comm_share, contended);
    ar(qos, preemptions, preempted, sites, held, moves, partition, switch_wait, shrinks, grows,
       ran_shrunk);
    ar(migrations, migrate_time);
  }
};

static_assert(sizeof(JobRecord) <= 216, "JobRecord grew: every replayed job pays it");

// One failed component (or planned maintenance) and its blast radius.
struct FailureRecord {
  Time time = 0;          // when the component failed
  Time detected = 0;      // when its cluster learned of it
  Time repair = 0;        // how long the component stays down
  std::int32_t node = 0;  // the node; for a switch or link, the first node under it; -1: none
  std::int32_t pod = 0;   // the node's pod; -1 without a node
  std::int32_t cluster = 0;
  std::int32_t jobs_interrupted = 0;
  double gpu_seconds_lost = 0;
  core::Component component = core::Component::kGpu;
  // Where in the cluster's network: 0 a node or its link, 1 a leaf switch, 2 spine, 3 core; and
  // the leaf group (the servers one set of leaf switches serves) for tiers 0-1, else -1.
  std::int8_t tier = 0;
  std::int32_t leaf_group = -1;
  std::int32_t nodes_down = 0;   // nodes taken out of service by it
  std::int64_t gpus_hit = 0;     // GPUs held by the jobs it interrupted
  std::int32_t jobs_slowed = 0;  // jobs it slowed without stopping them

  template <class Archive>
  void serialize(Archive& ar) {
    ar(time, detected, repair, node, pod, cluster, jobs_interrupted, gpu_seconds_lost, component,
       tier, leaf_group, nodes_down, gpus_hit, jobs_slowed);
  }
};

struct TimelineSample {
  Time time = 0;
  std::int32_t cluster = 0;
  std::int64_t busy = 0, idle = 0, failed = 0;  // GPUs
  std::int64_t queued_gpus = 0;
  std::int32_t queued_jobs = 0, running_jobs = 0;
  // Idle GPUs that no queued job could use by its size (placement.h, fragmented_gpus).
  std::int64_t fragmented = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(time, cluster, busy, idle, failed, queued_gpus, queued_jobs, running_jobs, fragmented);
  }
};

// One pod at one timeline sample: busy + idle + failed = the pod's GPUs.
struct PodSample {
  Time time = 0;
  std::int32_t pod = 0;  // global pod index
  std::int32_t cluster = 0;
  std::int64_t busy = 0, idle = 0, failed = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(time, pod, cluster, busy, idle, failed);
  }
};

// One job state transition, for the optional event log.
enum class JobEvent : std::int8_t { kSubmit = 0, kStart = 1, kInterrupt = 2, kComplete = 3 };
struct EventRecord {
  Time time = 0;
  std::uint64_t job = 0;
  std::int32_t cluster = 0;
  JobEvent kind = JobEvent::kSubmit;
  std::int32_t gpus = 0;  // GPUs allocated to the job (held from start to interrupt or end)

  template <class Archive>
  void serialize(Archive& ar) {
    ar(time, job, cluster, kind, gpus);
  }
};

// Per-cluster totals kept exactly (integrals over time), for the summary.
struct ClusterTotals {
  std::int64_t gpus = 0;
  double busy_gpu_seconds = 0;
  double failed_gpu_seconds = 0;
  std::int64_t interruptions = 0;
  std::int64_t node_failures = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(gpus, busy_gpu_seconds, failed_gpu_seconds, interruptions, node_failures);
  }
};

}  // namespace fleetsim::model
