// The one definition of a job as submitted, carried unchanged from its source (synthetic
// generator or trace reader) through the router's submit message into the cluster's record and
// the output's /jobs row. Trivially copyable: it is the submit message's payload.
#pragma once
#include <cstdint>
#include <type_traits>

#include "core/time.h"

namespace fleetsim::core {

// Job classes of the synthetic generator; traces report kTrace.
enum class JobClass : std::uint8_t {
  kSingle = 0,
  kNode = 1,
  kGang = 2,
  kLargeGang = 3,
  kFrontier = 4,
  kTrace = 5
};

struct JobSpec {
  std::uint64_t id = 0;             // set by the router: order of submission, also the /jobs row
  Time submit = 0;                  // set by the source; the router's arrival time
  Time runtime = 0;                 // compute time at `gpus`, without failures or checkpoints
  Time time_limit = 0;              // what the user requested: the scheduler's estimate
  std::int32_t gpus = 1;            // what it runs on (after shrinking)
  std::int32_t gpus_requested = 1;  // what it asked for (the source's `gpus`)
  std::int32_t tenant = 0;
  JobClass job_class = JobClass::kTrace;
  // What the trace recorded (traces::Outcome: -1 unknown or synthetic, 0 completed, 1 failed,
  // 2 cancelled), and whether the job ends that way: with trace.replay_outcomes a failed or
  // cancelled job ends at the same point of its run time in state failed or cancelled, instead
  // of completed.
  std::int8_t recorded_outcome = -1;
  // Two bits of one byte: the message is exactly the event payload (48 bytes), and the byte
  // they free holds `partition`.
  bool end_as_recorded : 1 = false;
  bool shrunk : 1 = false;  // set by the router when shrunk to fit the largest cluster
  // The partition the trace recorded, as an index into sched.partitions (trace.partitions =
  // trace); -1: none, the partition rule applies (sim/model/cluster/partitions.h).
  std::int8_t partition = -1;

  template <class Archive>
  void serialize(Archive& ar) {
    // Two bytes as before the partition existed, so that older snapshots read unchanged: the
    // first is end_as_recorded, the second shrunk in bit 0 and partition + 1 above it (a
    // partition index is at most 99, model/config validation).
    std::uint8_t ended = end_as_recorded ? 1 : 0;
    std::uint8_t packed = static_cast<std::uint8_t>((shrunk ? 1 : 0) | (partition + 1) << 1);
    ar(id, submit, runtime, time_limit, gpus, gpus_requested, tenant, job_class, recorded_outcome,
       ended, packed);
    end_as_recorded = ended != 0;
    shrunk = (packed & 1) != 0;
    partition = static_cast<std::int8_t>((packed >> 1) - 1);
  }
};
static_assert(std::is_trivially_copyable_v<JobSpec>);
static_assert(sizeof(JobSpec) == 48, "JobSpec is the submit message: engine::Event payload");

}  // namespace fleetsim::core
