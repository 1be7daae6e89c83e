// `fleetsim trace ...`: what is in a trace before it is replayed, and the replay's banner.
#pragma once
#include <cstdint>
#include <string>

#include "traces/failure_log.h"
#include "traces/trace_fit.h"

namespace fleetsim::app {

// `fleetsim trace stats FILE[:FORMAT] [--bad-rows error|skip] ...`; argv[0] is "trace".
// Returns the exit status; throws traces::TraceError / io::ConfigError on bad input.
int trace_command(int argc, char** argv);

// The figures `fleetsim trace failures LOG` prints: counts, nodes, rate, repairs, components.
std::string format_failure_stats(const traces::FailureLog& log);

// Reads the trace once for a replay (every row checked) and works out the fitting.
traces::TraceScan scan_for_replay(const traces::TraceConfig& cfg, std::int64_t fleet_gpus,
                                  std::vector<double>* recorded_waits = nullptr);

// The lines `fleetsim run` prints about the replayed trace.
std::string describe_replay(const traces::TraceConfig& cfg, const traces::TraceScan& scan,
                            std::int64_t fleet_gpus, core::Time duration);

}  // namespace fleetsim::app
