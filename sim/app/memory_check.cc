#include "sim/app/memory_check.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

#include "sim/io/memory_estimate.h"
#include "sim/io/units.h"

namespace fleetsim::app {
namespace {

// Physical memory of the machines under `comm`: each machine's counted by one rank on it.
double machines_memory(MPI_Comm comm, int& machines) {
  MPI_Comm local;
  MPI_Comm_split_type(comm, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &local);
  int local_rank = 0;
  MPI_Comm_rank(local, &local_rank);
  MPI_Comm_free(&local);
  const double mine =
      local_rank == 0 ? static_cast<double>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGE_SIZE) : 0;
  const int leader = local_rank == 0 ? 1 : 0;
  double total = 0;
  MPI_Allreduce(&mine, &total, 1, MPI_DOUBLE, MPI_SUM, comm);
  MPI_Allreduce(&leader, &machines, 1, MPI_INT, MPI_SUM, comm);
  return total;
}

std::string count_text(double n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, n < 1e6 ? "%.0f" : "%.3g", n);
  return buf;
}

}  // namespace

MemoryLimit memory_limit(const std::string& option, MPI_Comm comm) {
  MemoryLimit limit;
  if (!option.empty()) {
    try {
      limit.bytes = io::parse_bytes(option);
    } catch (const std::invalid_argument& e) {
      throw io::ConfigError(std::string("command line --max-memory: ") + e.what());
    }
    limit.what = "--max-memory " + option;
    return limit;
  }
  int machines = 1;
  limit.bytes = machines_memory(comm, machines);
  limit.what = "the " + io::format_bytes(limit.bytes) + " of physical memory of " +
               std::to_string(machines) + (machines == 1 ? " machine" : " machines") +
               "; --max-memory sets another limit";
  return limit;
}

void check_memory(const io::Scenario& scenario, const model::ModelConfig& cfg,
                  std::int64_t replay_jobs, int ranks, const MemoryLimit& limit) {
  const io::MemoryEstimate e = io::estimate_memory(scenario, cfg, replay_jobs, ranks);
  const bool absurd = !(e.bytes <= kMemoryBeyondReason);  // NaN too
  if (!absurd && (limit.bytes <= 0 || e.bytes <= limit.bytes)) return;
  const io::MemoryPart& part = e.largest();
  // Blame the first of the part's drivers the user set, else its first.
  std::string where = "option " + part.drivers.front();
  for (const auto& d : part.drivers)
    if (auto it = scenario.origin.find(d); it != scenario.origin.end()) {
      where = it->second + ": option " + d;
      break;
    }
  const std::string over =
      absurd ? "more than any machine holds (" + io::format_bytes(kMemoryBeyondReason) + ")"
             : "more than " + limit.what;
  throw io::ConfigError(where + ": the run would need about " + io::format_bytes(e.bytes) +
                        " of memory, " + io::format_bytes(part.bytes) + " of it for " +
                        count_text(part.count) + " " + part.what + " (layout '" + cfg.layout.name +
                        "'); " + over);
}

}  // namespace fleetsim::app
