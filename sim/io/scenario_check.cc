// Validation of a scenario for one layout: the model's rules (sim/model/config.cc) and the
// workload's or trace's, each error traced back to where the offending option was set.
#include <stdexcept>

#include "sim/io/layout.h"
#include "sim/io/scenario.h"

namespace fleetsim::io {

model::ModelConfig model_for(const Scenario& scenario, const std::string& layout_name) {
  model::ModelConfig cfg = scenario.model;
  cfg.layout = load_layout(layout_name);
  auto rethrow = [&](const std::invalid_argument& e) {
    // Messages start with the option name; say where its value came from.
    const std::string what = e.what();
    const std::string name = what.substr(0, what.find(' '));
    auto it = scenario.origin.find(name);
    if (it != scenario.origin.end()) throw ConfigError(it->second + ": option " + what);
    throw ConfigError(what);
  };
  try {
    model::validate(cfg);
  } catch (const std::invalid_argument& e) {
    rethrow(e);
  }
  try {
    traces::validate(scenario.failure_log);
    if (scenario.trace.replay)
      traces::validate(scenario.trace);
    else
      traces::validate(scenario.workload, cfg.fabric.total_gpus());
  } catch (const std::invalid_argument& e) {
    rethrow(e);
  }
  return cfg;
}

}  // namespace fleetsim::io
