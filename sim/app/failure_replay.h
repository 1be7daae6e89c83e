// Replaying a failure log: read it, map it onto the fleet's nodes, split it by pod.
#pragma once
#include <string>

#include "sim/io/scenario.h"
#include "sim/model/logged_pod_lp.h"
#include "traces/failure_fit.h"

namespace fleetsim::app {

struct FailureReplay {
  traces::FailureLog log;
  traces::FailureFit fit;
  model::FailureScript script;  // per pod
};

// Throws traces::TraceError (bad log) or io::ConfigError (impossible mapping).
FailureReplay prepare_failures(const io::Scenario& scenario, const model::ModelConfig& cfg);

// The lines `fleetsim run` prints about the replayed log.
std::string describe_failures(const io::Scenario& scenario, const FailureReplay& replay,
                              const model::ModelConfig& cfg);

// One line for stderr when some of the log's failures have a component no rule maps
// (traces/component_map.h; replayed as `other`), else empty.
std::string unmapped_note(const io::Scenario& scenario, const FailureReplay& replay);

}  // namespace fleetsim::app
