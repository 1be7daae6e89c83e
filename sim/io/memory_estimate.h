// How much memory a run will take, from its options alone, before anything is built: the rows
// the model keeps until the output is written (jobs, timeline samples, failures, the event log)
// and the nodes' state. The bytes per item were measured on 100k-GPU runs (docs/cli.md) and
// err on the high side; the estimate is to refuse absurd runs early, not to plan a cluster.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "sim/io/scenario.h"

namespace fleetsim::io {

struct MemoryPart {
  std::string what;                  // "job records"
  double count = 0;                  // items
  double bytes = 0;                  // count x bytes per item
  std::vector<std::string> drivers;  // the options that make count large, most direct first
};

struct MemoryEstimate {
  double bytes = 0;  // the parts and a fixed base per rank
  std::vector<MemoryPart> parts;
  const MemoryPart& largest() const;
};

// Measured bytes per item (see the header comment).
inline constexpr double kBytesPerJob = 450;      // record, queue entry, /jobs row
inline constexpr double kBytesPerEventRow = 64;  // /job_events row (output.event_log)
inline constexpr double kBytesPerTimelineRow = 128;
inline constexpr double kBytesPerPodRow = 100;  // /pod_timeline row
inline constexpr double kBytesPerFailure = 80;
inline constexpr double kBytesPerNode = 200;                 // 37 idle; busy nodes hold their jobs
inline constexpr double kBytesPerRank = 64.0 * 1024 * 1024;  // libraries, MPI and HDF5 buffers

// `replay_jobs`: the jobs of a replayed trace (its scan), or -1 for the synthetic workload.
MemoryEstimate estimate_memory(const Scenario& scenario, const model::ModelConfig& cfg,
                               std::int64_t replay_jobs, int ranks);

// "1.5 GiB", "312 MiB".
std::string format_bytes(double bytes);

}  // namespace fleetsim::io
