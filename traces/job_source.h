// Where jobs come from: the synthetic generator (synthetic.h) or a trace replay (trace_fit.h).
// A source yields jobs in non-decreasing submit time and is pulled one job at a time, so a trace of
// any length streams through the router without being held in memory.
#pragma once
#include <cstdint>

#include "core/job.h"

namespace fleetsim::traces {

using core::JobClass;
using core::JobSpec;

class JobSource {
 public:
  virtual ~JobSource() = default;
  // Fills `job` with the next job and returns true, or returns false when the source is done.
  virtual bool next(JobSpec& job) = 0;
};

}  // namespace fleetsim::traces
