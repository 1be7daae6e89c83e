// Where jobs come from: the synthetic generator (synthetic.h) or a trace replay (trace_fit.h).
// A source yields jobs in non-decreasing submit time and is pulled one job at a time, so a trace of
// any length streams through the router without being held in memory.
#pragma once
#include <cstdint>

#include "core/time.h"

namespace fleetsim::traces {

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
  core::Time submit = 0;
  core::Time runtime = 0;     // compute time at `gpus`, without failures or checkpoints
  core::Time time_limit = 0;  // what the user requested: the scheduler's estimate
  std::int32_t gpus = 1;
  std::int32_t tenant = 0;
  JobClass job_class = JobClass::kTrace;
  // What the trace recorded (traces::Outcome: -1 unknown or synthetic, 0 completed, 1 failed,
  // 2 cancelled), and whether the job ends that way: with trace.replay_outcomes a failed or
  // cancelled job ends at the same point of its run time in state failed or cancelled, instead
  // of completed.
  std::int8_t recorded_outcome = -1;
  bool end_as_recorded = false;
};

class JobSource {
 public:
  virtual ~JobSource() = default;
  // Fills `job` with the next job and returns true, or returns false when the source is done.
  virtual bool next(JobSpec& job) = 0;
};

}  // namespace fleetsim::traces
