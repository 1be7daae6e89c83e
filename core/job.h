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
  bool end_as_recorded = false;
  bool shrunk = false;  // set by the router when shrunk to fit the largest cluster

  template <class Archive>
  void serialize(Archive& ar) {
    ar(id, submit, runtime, time_limit, gpus, gpus_requested, tenant, job_class, recorded_outcome,
       end_as_recorded, shrunk);
  }
};
static_assert(std::is_trivially_copyable_v<JobSpec>);

}  // namespace fleetsim::core
