// Cost, power and failures by component of one run, computed once, here, from the layout's
// networks (ModelConfig::network, sized per cluster by fabric::build_network), the fabric's unit
// prices and watts (fabric/costing.cc), the [cost] options (model::CostConfig) and the /failures
// and /jobs columns; written to /summary, /fabric and /failures_by_component (docs/output.md).
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "core/component.h"
#include "fabric/network.h"
#include "fabric/spec.h"
#include "sim/model/config.h"

namespace fleetsim::io {

// Rows of /failures_by_component: one per core::Component.
inline constexpr int kComponentKinds = core::kComponentKinds;

// What the cost figures are computed from besides the tables' columns.
struct CostInputs {
  model::CostConfig cost;
  // The network's description (its prices and watts), or null without a network
  // (fabric.network = none): GPUs and servers are then priced at the fabric defaults.
  std::shared_ptr<const fabric::FabricSpec> spec;
  std::vector<fabric::Network> networks;  // per cluster, in order; empty without a network
  int gpus_per_server = 8;                // servers = ceil(cluster GPUs / this) without a network
};

// From the run's configuration (the network of each cluster, the [cost] options).
CostInputs cost_inputs(const model::ModelConfig& cfg);

// /fabric: one row per cluster (row = cluster).
struct FabricRow {
  std::int32_t cluster = 0;
  std::int64_t gpus = 0, servers = 0;
  std::int32_t tiers = 0;
  std::int64_t leaf_switches = 0, spine_switches = 0, core_switches = 0, tier4_switches = 0;
  std::int64_t switches = 0, links = 0, optical_links = 0, transceivers = 0;
  double bisection_gbps_per_gpu = 0;
  double capex_usd = 0, network_capex_usd = 0;
  double it_power_mw = 0, network_power_mw = 0;
  std::int64_t failures = 0;
  double manual_incidents_per_day = 0;
};

// /failures_by_component: one row per component kind (row = component), every kind present.
struct ComponentFigures {
  std::int8_t component = 0;
  std::int64_t failures = 0;
  double lost_gpu_hours = 0;
  std::int64_t jobs_interrupted = 0, jobs_slowed = 0, nodes_down = 0;
};

}  // namespace fleetsim::io
