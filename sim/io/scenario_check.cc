// Validation of a scenario for one layout: the model's rules (sim/model/config.cc) and the
// workload's or trace's, each error traced back to where the offending option was set.
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "fabric/build.h"
#include "fabric/error.h"
#include "fabric/presets.h"
#include "sim/io/layout.h"
#include "sim/io/scenario.h"
#include "sim/model/fleet_map.h"

namespace fleetsim::io {
namespace {

// Bounds of sense the workload's own checks (traces/) leave open: a load of 1e300 or a sigma
// of 700 passes them and then asks for more jobs, or longer ones, than any machine can hold.
// Messages start with the option name (see rethrow below). docs/cli.md lists them.
constexpr double kMaxLoad = 10;
constexpr double kMaxSigma = 10;

void check_ranges(const Scenario& s) {
  auto fail = [](const std::string& what) { throw std::invalid_argument(what); };
  if (!s.trace.replay && !(s.workload.offered_load <= kMaxLoad))
    fail("workload.offered_load must be at most 10 (GPU-time offered per GPU-time)");
  if (s.trace.replay && !(s.trace.offered_load <= kMaxLoad))
    fail("trace.offered_load must be at most 10 (GPU-time offered per GPU-time)");
  const std::pair<const char*, const traces::LognormalRuntime*> runtimes[] = {
      {"workload.small_runtime_sigma", &s.workload.small_runtime},
      {"workload.gang_runtime_sigma", &s.workload.gang_runtime},
      {"workload.large_gang_runtime_sigma", &s.workload.large_gang_runtime}};
  for (const auto& [name, r] : runtimes)
    if (!(r->sigma <= kMaxSigma))
      fail(std::string(name) + " must be in 0..10 (a lognormal's sigma; real runtimes: 1-3)");
}

// The network description, and each cluster's network sized for its GPUs. A description that
// does not parse names its own file, line and key; a cluster it cannot hold names the layout.
void load_network(const Scenario& s, model::ModelConfig& cfg) {
  auto& net = cfg.network;
  net.spec.reset();
  net.clusters.clear();
  if (net.name == "none") return;
  auto origin = s.origin.find("fabric.network");
  const std::string where =
      (origin != s.origin.end() ? origin->second : std::string("option fabric.network")) + ": ";
  try {
    net.spec = std::make_shared<const fabric::FabricSpec>(fabric::load_fabric(net.name));
  } catch (const fabric::FabricError& e) {
    throw ConfigError(where + "'" + net.name + "': " + e.what());
  }
  if (net.spec->gpus_per_server != cfg.fabric.gpus_per_node)
    throw ConfigError(
        where + "'" + net.name + "' has " + std::to_string(net.spec->gpus_per_server) +
        " GPUs per server but fabric.gpus_per_node is " + std::to_string(cfg.fabric.gpus_per_node));
  const model::FleetMap map(cfg);
  for (int c = 0; c < map.clusters(); ++c) try {
      net.clusters.push_back(fabric::build_network(*net.spec, map.cluster_gpus(c)));
    } catch (const fabric::FabricError& e) {
      throw ConfigError(where + "'" + net.name + "' cannot hold cluster " + std::to_string(c) +
                        " of layout '" + cfg.layout.name + "' (" +
                        std::to_string(map.cluster_gpus(c)) + " GPUs): " + e.what());
    }
}

}  // namespace

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
  load_network(scenario, cfg);
  try {
    check_ranges(scenario);
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
