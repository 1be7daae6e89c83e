// A pod: its nodes' health. Each node alternates between up (exponential time to failure at the
// configured rate) and down (a repair time drawn from the configured distribution), on a random
// stream of its own keyed by the global node id, so the failure history of a node never depends
// on jobs, layouts, LP numbering or ranks. The pod tells its cluster when a node goes down (after
// the detection latency) and comes back. Each failure's cause (core::Component) is drawn from
// Llama 3's cause mix on a second stream per node, so the failure times do not depend on it.
// Planned maintenance (failures.maintenance_rate) comes on a third stream per node: the node's
// jobs checkpoint, then it is down for the maintenance window.
#pragma once
#include <vector>

#include "sim/model/fleet_map.h"
#include "sim/model/model_lp.h"

namespace fleetsim::model {

class PodLp final : public engine::StatefulLp<PodLp, ModelLp> {
 public:
  PodLp(const ModelConfig& cfg, int pod, engine::LpId cluster);

  void init(engine::Context& ctx) override;
  void handle(const engine::Event& ev, engine::Context& ctx) override;

  template <class Archive>
  void state(Archive& ar);

 private:
  Time draw_uptime(int node_in_pod, engine::RngStream& rng) const;
  Time draw_repair(engine::RngStream& rng) const;
  core::Component draw_cause(engine::RngStream& rng) const;
  Time draw_maintenance(engine::RngStream& rng) const;

  const FailureConfig& cfg_;
  int nodes_;
  int first_node_;
  engine::LpId cluster_;
  double rate_per_us_;               // per normal node
  std::vector<std::uint8_t> lemon_;  // per node: fails lemon_factor times as often
  double maintenance_per_us_;
  std::vector<engine::RngStream> rng_;        // one per node: failure and repair times
  std::vector<engine::RngStream> cause_rng_;  // one per node: what failed
  std::vector<engine::RngStream> maint_rng_;  // one per node: planned maintenance
};

}  // namespace fleetsim::model
