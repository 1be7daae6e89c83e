// Expected events per LP over the run (rates x time), and the messages between LPs:
//   pod          2 per node failure or maintenance (down, back up)      -> its cluster, as many
//   leaf group   2 per link, flap or leaf failure of its GPUs' links    -> its cluster, as many
//   fabric tier  a few (switch failures are rare)                       -> its cluster
//   cluster      6 per job (submit, start, end, schedule, reports) and one per sample
//   router       2 per job (arrival, submit)                            -> every cluster, its share
//   span         a few (jobs spanning sites, WAN cuts)                   -> every cluster
// Jobs: 5 per GPU-year of the fleet, shared by the clusters in proportion to their GPUs. That is
// an assumption measured on the default scenario (474,498 jobs on 100,352 GPUs in a year); only
// the ratios between LPs matter to the partitioner, and clusters outweigh everything else.
#include "sim/model/fleet_graph.h"

#include <algorithm>
#include <cmath>

namespace fleetsim::model {

namespace {

constexpr double kJobsPerGpuYear = 5;

std::int64_t events(double x) { return std::max<std::int64_t>(1, std::llround(x)); }

}  // namespace

engine::LpGraph fleet_graph(const Fleet& fleet) {
  const ModelConfig& cfg = fleet.config();
  const FleetMap& map = fleet.map();
  const double days = engine::to_seconds(cfg.end_time) / 86400;
  const double years = days / 365;
  const auto& f = cfg.failures;

  engine::LpGraph g;
  g.work.assign(fleet.types().num_lps(), 1);
  auto link = [&g](engine::LpId a, engine::LpId b, std::int64_t traffic) {
    g.edges.push_back({a, b, std::max<std::int64_t>(1, traffic)});
  };

  const double fleet_gpus = static_cast<double>(cfg.fabric.total_gpus());
  const double jobs = kJobsPerGpuYear * fleet_gpus * years;
  g.work[fleet.router_lp()] = events(2 * jobs);
  const double samples = engine::to_seconds(cfg.end_time) / engine::to_seconds(cfg.timeline_period);
  for (int c = 0; c < map.clusters(); ++c) {
    const double share = static_cast<double>(map.cluster_gpus(c)) / fleet_gpus;
    g.work[fleet.cluster_lp(c)] = events(6 * jobs * share + samples);
    link(fleet.router_lp(), fleet.cluster_lp(c), events(2 * jobs * share));
  }

  const double node_days = cfg.fabric.nodes_per_pod * days;
  for (int p = 0; p < map.pods(); ++p) {
    const auto pod_events = events(2 * node_days * (f.node_rate + f.maintenance_rate) / 1000);
    g.work[fleet.pod_lp(p)] = pod_events;
    link(fleet.pod_lp(p), fleet.cluster_lp(map.cluster_of_pod(p)), pod_events);
  }

  if (!fleet.leaf_groups().empty()) {
    const engine::LpId first = fleet.types().first_id("leaf_group");
    for (std::size_t i = 0; i < fleet.leaf_groups().size(); ++i) {
      const auto& d = fleet.leaf_groups()[i];
      const double link_days =
          static_cast<double>(d.nodes) * cfg.fabric.gpus_per_node * d.planes * days;
      const auto e = events(2 * link_days * (f.link_rate + f.link_flap_rate) / 1000);
      g.work[first + i] = e;
      link(first + static_cast<engine::LpId>(i), fleet.cluster_lp(d.cluster), e);
    }
  }
  if (!fleet.fabric_tiers().empty()) {
    const engine::LpId first = fleet.types().first_id("fabric_tier");
    for (std::size_t i = 0; i < fleet.fabric_tiers().size(); ++i)
      link(first + static_cast<engine::LpId>(i), fleet.cluster_lp(fleet.fabric_tiers()[i].cluster),
           1);
  }
  // The span coordinator: a few jobs, a few messages per part and WAN cut.
  if (fleet.spans())
    for (int c = 0; c < map.clusters(); ++c) link(fleet.span_lp(), fleet.cluster_lp(c), 1);
  return g;
}

}  // namespace fleetsim::model
