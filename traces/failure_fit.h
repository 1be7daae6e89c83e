// Mapping a failure log onto the fleet's nodes (docs/traces.md).
//
// The log observed S nodes (failures.log_nodes; by default what the log says it sampled, else
// its distinct nodes) for a span T. Its nodes are numbered in order of first failure and tiled
// over the fleet: copy c (c = 0 .. ceil(N/S)-1) of the log covers fleet nodes c*S .. c*S+S-1,
// with its times shifted circularly by c*T/copies so that the copies do not fail together. The
// per-node failure rate of the log is so kept on the whole fleet; failures.log_rate_scale
// multiplies it (times divided, repairs kept). The log repeats every T/scale to cover the run.
// A failure on a node still down from an earlier one extends that repair (counted as merged).
// Repairs are at least the detection latency plus 1 us; unknown repairs take `unknown_repair`.
// Each failure carries its record's component kind (FailureRecord::kind, traces/component_map.h);
// a merged one adds only time to the repair it extends, whose kind stays.
#pragma once
#include <cstdint>
#include <vector>

#include "core/time.h"
#include "traces/failure_log.h"

namespace fleetsim::traces {

struct FailureFitConfig {
  std::string file;            // "FILE[:format]"; empty: random failures at failures.node_rate
  std::int64_t log_nodes = 0;  // 0: from the log
  double rate_scale = 1;
};

struct FailureFit {
  std::vector<NodeFailure> failures;  // by node, then time
  std::int64_t log_nodes = 0;         // S used
  std::int64_t copies = 0;
  std::int64_t merged = 0;  // failures absorbed by a node already down
  std::int64_t unknown_repair = 0;
};

// Throws std::invalid_argument naming the option.
void validate(const FailureFitConfig& cfg);

FailureFit fit_failures(const FailureLog& log, const FailureFitConfig& cfg,
                        std::int64_t fleet_nodes, core::Time end, core::Time min_repair,
                        core::Time unknown_repair);

}  // namespace fleetsim::traces
