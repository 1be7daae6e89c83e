// The network's failure domains as LPs: one per leaf group of each cluster (its leaf switches and
// the GPU-to-leaf links under them) and one per upper tier of each cluster (its spine or core
// switches). Each draws the failures of its components and tells the cluster what they cost,
// through messages with declared delays (sim/model/fleet.cc):
//
//   component     what the cluster hears                    single plane      several planes
//   leaf switch   every node of the group loses a rail      nodes down        nodes slowed
//   link, flap    one node loses a rail                     node down         node slowed
//   spine, core   the tier loses one switch's bandwidth     tier slowed       tier slowed
//   uplink        the tier loses one link's bandwidth       tier slowed       tier slowed
//   rack power    every node of the rack is down             nodes down        nodes down
//
// Each family of components fails as the superposition of its members' exponential clocks (one
// stream per family, keyed by the group's first global node, so a leaf group that two layouts
// share fails at the same times in both); which member failed is drawn uniformly. Repairs take a
// fixed time per family (FailureConfig). A member failing again while under repair is allowed
// (the cluster counts overlapping losses), which changes the rates by far less than they are
// known.
//
// A tier's LP also owns the contention on it (tier_share.h): with fabric.contention on and the
// tier oversubscribed, the cluster tells it when a job starts or stops crossing it (kContend),
// it recomputes the max-min shares once after all same-time changes (kShareSolve) and sends each
// job whose share changed its new share (kShare); the cluster rerates the job.
#pragma once
#include <vector>

#include "core/component.h"
#include "sim/model/config.h"
#include "sim/model/fabric/tier_share.h"
#include "sim/model/model_lp.h"

namespace fleetsim::model {

// One family of identical components in one LP, and what its failure does.
struct ComponentFamily {
  core::Component kind = core::Component::kLink;
  std::int64_t members = 0;
  double rate_per_us = 0;  // per member
  Time repair = 0;
  std::int8_t tier = 0;      // FailureRecord::tier
  bool takes_nodes = false;  // true: nodes down; false: bandwidth degraded
  // Nodes one member's failure reaches: 0 the whole group (a leaf), 1 one node (its link), a
  // rack's servers (its power); the member is drawn uniformly among the group's units.
  int unit_nodes = 0;
  std::uint64_t stream = 0;  // core::purpose of its random stream
};

class FabricLp final : public engine::StatefulLp<FabricLp, ModelLp> {
 public:
  // The LP of leaf group `group` of a cluster (nodes [first_node, first_node + nodes), global
  // ids), or with group -1 the LP of one upper tier of the cluster.
  FabricLp(const ModelConfig& cfg, engine::LpId cluster, int group, int first_node, int nodes,
           std::vector<ComponentFamily> families);

  // A tier's LP: share its uplinks among the jobs crossing it, blocks of `capacity` (tier_share.h).
  void share_uplinks(int tier, std::vector<double> capacity);

  void init(engine::Context& ctx) override;
  void handle(const engine::Event& ev, engine::Context& ctx) override;

  template <class Archive>
  void state(Archive& ar);

 private:
  Time draw_next(int family);
  void on_fail(const engine::Event& ev, engine::Context& ctx);
  void on_contend(const engine::Event& ev, engine::Context& ctx);
  void on_solve(engine::Context& ctx);

  Time detect_;
  engine::LpId cluster_;
  int group_, first_node_, nodes_;
  std::vector<ComponentFamily> families_;  // configuration
  std::vector<engine::RngStream> rng_;     // one per family
  // Contention (a tier's LP with share_uplinks): the jobs crossing it, the shares last sent.
  int tier_ = 0;
  Time share_latency_ = 0;
  TierShares shares_;
  std::vector<TierShares::Share> sent_;
  bool solve_pending_ = false;
};

// The families of a leaf group of `nodes` nodes, and of upper tier `tier` with `switches`
// switches, from the failure rates and the network's planes.
std::vector<ComponentFamily> leaf_group_families(const FailureConfig& f, int nodes,
                                                 int gpus_per_node, int leaves, int planes,
                                                 int rack_nodes = 1);
std::vector<ComponentFamily> tier_families(const FailureConfig& f, int tier, std::int64_t switches,
                                           std::int64_t uplinks);

}  // namespace fleetsim::model
