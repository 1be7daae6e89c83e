#include "sim/io/cost_figures.h"

#include <cmath>
#include <limits>

#include "fabric/costing.h"
#include "fabric/settings.h"
#include "sim/io/summary_figures.h"

namespace fleetsim::io {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kSecondsPerYear = 365.0 * 86400;  // core::kYear: depreciation years are these

// Without a network, GPUs and servers are priced at the fabric's defaults (fabric/costing.cc).
const fabric::FabricSpec& default_spec() {
  static const fabric::FabricSpec spec = [] {
    fabric::FabricSpec f{fabric::Settings("fabric.network = none")};
    f.cost = fabric::default_prices();
    f.power = fabric::default_power();
    return f;
  }();
  return spec;
}

// Switches of tier index t (0 = leaf) into the row's column for it; tiers 4 and up share one.
void count_tier(FabricRow& row, std::size_t t, std::int64_t switches) {
  switch (t) {
    case 0:
      row.leaf_switches += switches;
      break;
    case 1:
      row.spine_switches += switches;
      break;
    case 2:
      row.core_switches += switches;
      break;
    default:
      row.tier4_switches += switches;
      break;
  }
}

}  // namespace

CostInputs cost_inputs(const model::ModelConfig& cfg) {
  CostInputs in;
  in.cost = cfg.cost;
  if (cfg.network.on()) {
    in.spec = cfg.network.spec;
    in.networks = cfg.network.clusters;
  }
  in.gpus_per_server = cfg.fabric.gpus_per_node;
  return in;
}

void add_cost_figures(const RunColumns& r, RunFigures& out) {
  const CostInputs& in = r.cost;
  const bool network = !in.networks.empty();
  const fabric::FabricSpec& spec = network && in.spec ? *in.spec : default_spec();
  const std::size_t clusters = r.cluster_gpus.size();
  const double days = r.duration / 86400, hours = r.duration / 3600;
  SummaryFigures& s = out.summary;

  // Failures by cluster and by component kind, in row order.
  std::vector<std::int64_t> cluster_failures(clusters, 0);
  out.by_component.assign(kComponentKinds, ComponentFigures{});
  for (int k = 0; k < kComponentKinds; ++k)
    out.by_component[k].component = static_cast<std::int8_t>(k);
  for (std::size_t i = 0; i < r.failure_cluster.size(); ++i) {
    const std::int32_t c = r.failure_cluster[i];
    if (c >= 0 && static_cast<std::size_t>(c) < clusters) ++cluster_failures[c];
    const int k = r.failure_component[i];
    if (k < 0 || k >= kComponentKinds) continue;
    ComponentFigures& f = out.by_component[k];
    ++f.failures;
    f.lost_gpu_hours += r.failure_lost_gpu_seconds[i] / 3600.0;
    f.jobs_interrupted += r.failure_jobs_interrupted[i];
    f.jobs_slowed += r.failure_jobs_slowed[i];
    f.nodes_down += r.failure_nodes_down[i];
  }
  s.failures = static_cast<std::int64_t>(r.failure_cluster.size());

  // One /fabric row per cluster; /summary's counts, capex and power are their sums.
  s.network_modelled = network ? 1 : 0;
  const double share = in.cost.manual_share;
  for (std::size_t c = 0; c < clusters; ++c) {
    FabricRow row;
    row.cluster = static_cast<std::int32_t>(c);
    row.gpus = r.cluster_gpus[c];
    fabric::Network n;
    if (network) {
      n = in.networks[c];
    } else {
      n.gpus = row.gpus;
      const std::int64_t g = in.gpus_per_server > 0 ? in.gpus_per_server : 1;
      n.servers = (row.gpus + g - 1) / g;
    }
    row.servers = n.servers;
    row.tiers = static_cast<std::int32_t>(n.tiers.size());
    for (std::size_t t = 0; t < n.tiers.size(); ++t) count_tier(row, t, n.tiers[t].switches);
    row.switches = n.switches() + n.ocs;
    row.optical_links = n.links_total(true);
    row.links = row.optical_links + n.links_total(false);
    row.transceivers = n.transceivers_total();
    row.bisection_gbps_per_gpu = network ? n.bisection_gbps_per_gpu : kNaN;
    const fabric::Costing bill = fabric::cost(spec, n);
    row.capex_usd = bill.capex_usd.total();
    row.it_power_mw = bill.power_watts.total() / 1e6;
    const fabric::Bill& usd = bill.capex_usd;
    const fabric::Bill& watts = bill.power_watts;
    row.network_capex_usd = network ? usd.switches + usd.optics + usd.copper + usd.ocs : kNaN;
    row.network_power_mw = network ? (watts.switches + watts.optics + watts.ocs) / 1e6 : kNaN;
    row.failures = cluster_failures[c];
    row.manual_incidents_per_day =
        days > 0 ? static_cast<double>(row.failures) * share / days : kNaN;

    s.servers += row.servers;
    s.leaf_switches += row.leaf_switches;
    s.spine_switches += row.spine_switches;
    s.core_switches += row.core_switches;
    s.tier4_switches += row.tier4_switches;
    s.switches += row.switches;
    s.links += row.links;
    s.optical_links += row.optical_links;
    s.transceivers += row.transceivers;
    s.capex_usd += row.capex_usd;
    s.it_power_mw += row.it_power_mw;
    s.network_capex_usd += row.network_capex_usd;  // NaN without a network
    s.network_power_mw += row.network_power_mw;
    out.fabric.push_back(row);
  }
  if (!network) s.network_capex_usd = s.network_power_mw = kNaN;

  const model::CostConfig& k = in.cost;
  s.facility_power_mw = s.it_power_mw * k.pue;
  s.energy_mwh = s.facility_power_mw * hours;
  s.manual_incidents = static_cast<double>(s.failures) * share;
  s.manual_incidents_per_day = days > 0 ? s.manual_incidents / days : kNaN;
  s.capex_amortized_usd = s.capex_usd * (r.duration / kSecondsPerYear) / k.depreciation_years;
  s.energy_usd = s.energy_mwh * k.electricity_usd_per_mwh;
  s.operations_usd = s.manual_incidents * k.usd_per_manual_incident;
  s.own_cost_usd = s.capex_amortized_usd + s.energy_usd + s.operations_usd;
  s.usd_per_useful_gpu_hour = s.useful_gpu_hours > 0 ? s.own_cost_usd / s.useful_gpu_hours : kNaN;
  const double capacity_hours = static_cast<double>(r.total_gpus) * hours;
  s.own_usd_per_gpu_hour = capacity_hours > 0 ? s.own_cost_usd / capacity_hours : kNaN;
  s.rent_usd = k.cloud_usd_per_gpu_hour * s.useful_gpu_hours;
  s.break_even_utilization =
      capacity_hours > 0 ? s.own_cost_usd / (k.cloud_usd_per_gpu_hour * capacity_hours) : kNaN;
}

}  // namespace fleetsim::io
