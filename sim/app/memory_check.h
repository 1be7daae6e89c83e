// Refusing a run that would not fit in memory, before it is built: the estimate of
// sim/io/memory_estimate.h against --max-memory (default: the physical memory of the machines
// the ranks are on).
#pragma once
#include <mpi.h>

#include <cstdint>
#include <string>

#include "sim/io/scenario.h"

namespace fleetsim::app {

struct MemoryLimit {
  double bytes = 0;  // 0: none (only the absolute bound applies)
  std::string what;  // "--max-memory 16GiB", "the 23.4 GiB of physical memory of 1 machine"
};

// Beyond this an estimate is refused whatever the limit: no machine holds it.
inline constexpr double kMemoryBeyondReason = 1024.0 * 1024 * 1024 * 1024 * 1024;  // 1 PiB

// `option`: the value of --max-memory, empty for the default. Collective over `comm` (the
// default sums the memory of each machine once). Throws io::ConfigError on a bad value.
MemoryLimit memory_limit(const std::string& option, MPI_Comm comm);

// Throws io::ConfigError naming the option most to blame (and where it was set) with the
// estimate, when the run of `cfg` would need more than `limit` or than kMemoryBeyondReason.
// `replay_jobs`: the replayed trace's jobs, or -1 for the synthetic workload.
void check_memory(const io::Scenario& scenario, const model::ModelConfig& cfg,
                  std::int64_t replay_jobs, int ranks, const MemoryLimit& limit);

}  // namespace fleetsim::app
