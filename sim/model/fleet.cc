#include "sim/model/fleet.h"

#include "sim/model/cluster_lp.h"
#include "sim/model/fabric/fabric_lp.h"
#include "sim/model/fabric/geometry.h"
#include "sim/model/messages.h"
#include "sim/model/pod_lp.h"
#include "sim/model/span/span_lp.h"

namespace fleetsim::model {
namespace {

// Whether tier t of a cluster's network shares its uplinks among the jobs crossing it.
bool contended(const ModelConfig& cfg, const FabricGeometry& geo, int tier) {
  return cfg.network.contention && geo.modelled() && tier >= 2 && tier <= geo.tiers() &&
         geo.uplink_ratio(tier) < 1;
}

FabricGeometry geometry_of(const ModelConfig& cfg, const FleetMap& map, int cluster) {
  return FabricGeometry(*cfg.network.spec, cfg.network.clusters.at(cluster),
                        map.num_pods(cluster) * cfg.fabric.nodes_per_pod);
}

// The least delay of a migrating job's pieces (cluster_migrate.cc).
engine::Time migrate_delay(const ModelConfig& cfg) {
  if (!cfg.sched.migrate_interrupted) return cfg.latency.submit;
  return std::max<engine::Time>(1, static_cast<engine::Time>(cfg.span.wan_latency_ms * 1e3));
}

}  // namespace

Fleet::Fleet(const ModelConfig& cfg, JobSourceFactory make_source, const FailureScript* failures,
             std::vector<engine::LpType> extra_types)
    : cfg_(cfg), map_(cfg), make_source_(std::move(make_source)), failures_(failures) {
  for (auto& t : extra_types) types_.add(std::move(t));
  const auto clusters = static_cast<engine::LpId>(map_.clusters());

  first_pod_ = types_.add(
      {.name = "pod",
       .count = static_cast<engine::LpId>(map_.pods()),
       .accepts = {kNodeFail, kMaintenance},
       .sends = {{kNodeDown, "cluster", cfg.failures.detect_latency, "failures.detect_latency"},
                 // A repair is longer than the detection latency (pod_lp.cc clamps it).
                 {kNodeUp, "cluster", cfg.failures.detect_latency + 1, "failures.detect_latency"}},
       .statistics = {},
       .make = [this](engine::LpId pod) -> std::unique_ptr<engine::Lp> {
         const engine::LpId cluster = cluster_lp(map_.cluster_of_pod(static_cast<int>(pod)));
         if (failures_)
           return keep(std::make_unique<LoggedPodLp>(cfg_, cluster, failures_->at(pod)));
         return keep(std::make_unique<PodLp>(cfg_, static_cast<int>(pod), cluster));
       }});
  spans_ = cfg.sched.oversize == Oversize::kSpan && map_.clusters() > 1;
  router_ = types_.add(
      {.name = "router",
       .count = 1,
       .accepts = {kArrival, kQueueReport, kMigrateGive, kMigrateNo, kMigrateOffer},
       .sends = {{kJobSubmit, "cluster", cfg.latency.submit, "latency.submit"},
                 {kMigrateTake, "cluster", cfg.latency.submit, "latency.submit"},
                 {kMigrateAsk, "cluster", cfg.latency.submit, "latency.submit"},
                 {kJobMoved, "cluster", cfg.latency.submit, "latency.submit"},
                 {kSpanSubmit, "span", cfg.latency.submit, "latency.submit"}},
       .statistics = {"/jobs (rejected jobs)"},
       .make = [this](engine::LpId) -> std::unique_ptr<engine::Lp> {
         return keep(std::make_unique<RouterLp>(cfg_, map_, first_cluster_, make_source_, span_));
       }});
  first_cluster_ = types_.add(
      {.name = "cluster",
       .count = clusters,
       .accepts = {kJobSubmit, kJobEnd, kNodeDown, kNodeUp, kNodesDown, kNodesUp, kDegrade,
                   kSchedule, kSample, kTimeLimit, kShare, kPartSubmit, kPartGo, kPartStop,
                   kMigrateAsk, kJobMoved, kSwitchWait, kMigrateTake, kJobMigrate},
       .sends = {{kQueueReport, "router", cfg.latency.report, "latency.report"},
                 {kMigrateOffer, "router", cfg.latency.report, "latency.report"},
                 // A checkpoint's transfer outlasts the WAN's latency (JobSpeed::
                 // checkpoint_transfer); never sent without sched.migrate_interrupted, so the
                 // lookahead is not shortened then.
                 {kJobMigrate, "cluster", migrate_delay(cfg), "span.wan_latency_ms"},
                 {kMigrateGive, "router", cfg.latency.report, "latency.report"},
                 {kMigrateNo, "router", cfg.latency.report, "latency.report"},
                 {kContend, "fabric_tier", cfg.latency.contention, "latency.contention"},
                 {kPartReady, "span", cfg.latency.span, "latency.span"},
                 {kPartDown, "span", cfg.latency.span, "latency.span"},
                 {kPartRate, "span", cfg.latency.span, "latency.span"}},
       .statistics = {"/jobs", "/failures", "/timeline", "/pod_timeline", "/job_events",
                      "/clusters"},
       .make = [this](engine::LpId c) -> std::unique_ptr<engine::Lp> {
         auto lp = std::make_unique<ClusterLp>(cfg_, map_, static_cast<int>(c), router_, span_);
         // The LPs of its contended tiers (index tier - 2), the fabric_tier type's ids.
         std::vector<engine::LpId> tiers;
         for (std::size_t i = 0; i < fabric_tiers_.size(); ++i) {
           const FabricDomain& d = fabric_tiers_[i];
           if (d.cluster != static_cast<int>(c) ||
               !contended(cfg_, geometry_of(cfg_, map_, d.cluster), d.tier))
             continue;
           tiers.resize(static_cast<std::size_t>(d.tier - 1), ClusterLp::kNoTier);
           tiers[static_cast<std::size_t>(d.tier - 2)] =
               first_fabric_tier_ + static_cast<engine::LpId>(i);
         }
         lp->contend_through(std::move(tiers));
         return keep(std::move(lp));
       }});

  span_ = types_.add(
      {.name = "span",
       .count = spans_ ? 1u : 0u,
       .accepts = {kSpanSubmit, kPartReady, kPartDown, kPartRate, kSpanEnd, kSpanLimit, kWanCut},
       .sends = {{kPartSubmit, "cluster", cfg.latency.span, "latency.span"},
                 {kPartGo, "cluster", cfg.latency.span, "latency.span"},
                 {kPartStop, "cluster", cfg.latency.span, "latency.span"}},
       .statistics = {"/jobs (spanning jobs)", "/failures (WAN cuts)"},
       .make = [this](engine::LpId) -> std::unique_ptr<engine::Lp> {
         return keep(std::make_unique<SpanLp>(cfg_, map_, first_cluster_));
       }});
  // The network's failure domains, from each cluster's sized network.
  if (cfg.network.on())
    for (int c = 0; c < map_.clusters(); ++c) {
      const int nodes = map_.num_pods(c) * cfg.fabric.nodes_per_pod;
      const int first = map_.first_pod(c) * cfg.fabric.nodes_per_pod;
      const FabricGeometry geo(*cfg.network.spec, cfg.network.clusters.at(c), nodes);
      if (!geo.modelled()) continue;
      for (int g = 0; g < geo.leaf_groups(); ++g)
        leaf_groups_.push_back({c, g, 1, first + geo.first_node(g), geo.nodes_in_group(g),
                                geo.leaves_per_group(), geo.planes()});
      for (int t = 2; t <= geo.tiers(); ++t) fabric_tiers_.push_back({c, -1, t, first, nodes});
    }
  const std::vector<engine::SendDecl> fabric_sends = {
      {kNodesDown, "cluster", cfg.failures.detect_latency, "failures.detect_latency"},
      // Repairs outlast the detection latency (sim/model/config.cc checks it).
      {kNodesUp, "cluster", cfg.failures.detect_latency + 1, "failures.detect_latency"},
      {kDegrade, "cluster", cfg.failures.detect_latency, "failures.detect_latency"}};
  first_leaf_group_ = types_.add(
      {.name = "leaf_group",
       .count = static_cast<engine::LpId>(leaf_groups_.size()),
       .accepts = {kFabricFail},
       .sends = fabric_sends,
       .statistics = {"/failures (through the cluster)"},
       .make = [this](engine::LpId i) -> std::unique_ptr<engine::Lp> {
         const FabricDomain& d = leaf_groups_[i];
         return keep(std::make_unique<FabricLp>(
             cfg_, cluster_lp(d.cluster), d.group, d.first_node, d.nodes,
             leaf_group_families(
                 cfg_.failures, d.nodes, cfg_.fabric.gpus_per_node, d.leaves, d.planes,
                 cfg_.network.spec->gpus_per_rack / cfg_.network.spec->gpus_per_server)));
       }});
  auto tier_sends = fabric_sends;
  tier_sends.push_back({kShare, "cluster", cfg.latency.contention, "latency.contention"});
  first_fabric_tier_ = types_.add(
      {.name = "fabric_tier",
       .count = static_cast<engine::LpId>(fabric_tiers_.size()),
       .accepts = {kFabricFail, kContend, kShareSolve},
       .sends = tier_sends,
       .statistics = {"/failures (through the cluster)", "/jobs contended (through the cluster)"},
       .make = [this](engine::LpId i) -> std::unique_ptr<engine::Lp> {
         const FabricDomain& d = fabric_tiers_[i];
         const auto& net = cfg_.network.clusters.at(d.cluster);
         auto lp = std::make_unique<FabricLp>(
             cfg_, cluster_lp(d.cluster), -1, d.first_node, d.nodes,
             tier_families(cfg_.failures, d.tier, net.tiers.at(d.tier - 1).switches,
                           net.tiers.at(d.tier - 2).uplinks));
         const FabricGeometry geo = geometry_of(cfg_, map_, d.cluster);
         if (contended(cfg_, geo, d.tier)) {
           // Each block below: its GPU slots' NIC bandwidth times the tier's uplink ratio.
           std::vector<double> capacity;
           for (int b = 0; b < geo.blocks_below(d.tier); ++b)
             capacity.push_back(geo.uplink_ratio(d.tier) * geo.nodes_in_block_below(d.tier, b) *
                                cfg_.fabric.gpus_per_node);
           lp->share_uplinks(d.tier, std::move(capacity));
         }
         return keep(std::move(lp));
       }});
}

}  // namespace fleetsim::model
