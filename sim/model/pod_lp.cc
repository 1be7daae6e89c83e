#include "sim/model/pod_lp.h"

#include <algorithm>
#include <cereal/types/vector.hpp>
#include <cmath>

#include "sim/model/messages.h"

namespace fleetsim::model {

// One stream per node, keyed by the global node id: a node fails at the same times in every
// layout and whatever LP owns it.
constexpr std::uint64_t kNodeHealthStream = core::purpose("node.health");
constexpr std::uint64_t kLemonStream = core::purpose("node.lemon");
constexpr std::uint64_t kCauseStream = core::purpose("node.cause");
constexpr std::uint64_t kMaintenanceStream = core::purpose("node.maintenance");

PodLp::PodLp(const ModelConfig& cfg, int pod, engine::LpId cluster)
    : cfg_(cfg.failures),
      nodes_(cfg.fabric.nodes_per_pod),
      first_node_(pod * cfg.fabric.nodes_per_pod),
      cluster_(cluster),
      rate_per_us_(cfg.failures.node_rate / 1000.0 / engine::kDay),
      maintenance_per_us_(cfg.failures.maintenance_rate / 1000.0 / engine::kDay) {
  // Configuration, not state: the same nodes are lemons whenever the pod is built.
  lemon_.assign(static_cast<std::size_t>(nodes_), 0);
  if (cfg_.lemon_share > 0)
    for (int n = 0; n < nodes_; ++n)
      lemon_[n] =
          engine::RngStream(cfg.seed, {kLemonStream, static_cast<std::uint64_t>(first_node_ + n)})
              .uniform() < cfg_.lemon_share;
}

template <class Archive>
void PodLp::state(Archive& ar) {
  ar(rng_, cause_rng_, maint_rng_);
}
template void PodLp::state(engine::StateWriter&);
template void PodLp::state(engine::StateReader&);

Time PodLp::draw_uptime(int node_in_pod, engine::RngStream& rng) const {
  const double rate = lemon_[node_in_pod] ? rate_per_us_ * cfg_.lemon_factor : rate_per_us_;
  const double t = rng.exponential(rate);
  // Beyond ~290k years the int64 clock would overflow; such a failure never happens anyway.
  return t > 1e19 ? engine::kNever / 4 : std::max<Time>(1, static_cast<Time>(t));
}

Time PodLp::draw_repair(engine::RngStream& rng) const {
  double t = 0;
  switch (cfg_.repair) {
    case RepairDistribution::kLognormal:
      t = rng.lognormal(std::log(static_cast<double>(cfg_.repair_median)), cfg_.repair_sigma);
      break;
    case RepairDistribution::kExponential:
      t = rng.exponential(1.0 / static_cast<double>(cfg_.repair_mean));
      break;
    case RepairDistribution::kFixed:
      t = static_cast<double>(cfg_.repair_mean);
      break;
  }
  // The cluster must hear of the failure before the repair: repair > detection latency.
  return std::clamp<Time>(static_cast<Time>(t), cfg_.detect_latency + 1, cfg_.repair_max);
}

core::Component PodLp::draw_cause(engine::RngStream& rng) const {
  static constexpr int kTotal = [] {
    int t = 0;
    for (const auto& c : core::kLlama3NodeCauses) t += c.count;
    return t;
  }();
  double u = rng.uniform() * kTotal;
  for (const auto& c : core::kLlama3NodeCauses)
    if ((u -= c.count) < 0) return c.kind;
  return core::kLlama3NodeCauses.back().kind;
}

Time PodLp::draw_maintenance(engine::RngStream& rng) const {
  const double t = rng.exponential(maintenance_per_us_);
  return t > 1e19 ? engine::kNever / 4 : std::max<Time>(1, static_cast<Time>(t));
}

void PodLp::init(engine::Context& ctx) {
  for (int n = 0; n < nodes_; ++n) {
    const auto node = static_cast<std::uint64_t>(first_node_ + n);
    if (rate_per_us_ > 0) {
      rng_.push_back(ctx.rng({kNodeHealthStream, node}));
      cause_rng_.push_back(ctx.rng({kCauseStream, node}));
      ctx.send(ctx.self(), draw_uptime(n, rng_[n]), kNodeFail, kPrioFailure, NodeFailMsg{n});
    }
    if (maintenance_per_us_ > 0) {
      maint_rng_.push_back(ctx.rng({kMaintenanceStream, node}));
      ctx.send(ctx.self(), draw_maintenance(maint_rng_[n]), kMaintenance, kPrioFailure,
               NodeFailMsg{n});
    }
  }
}

void PodLp::handle(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<NodeFailMsg>();
  const int node = first_node_ + msg.node_in_pod;
  if (ev.kind == kMaintenance) {
    const Time window = cfg_.maintenance_window;
    ctx.send(cluster_, cfg_.detect_latency, kNodeDown, kPrioFailure,
             NodeDownMsg{ctx.now(), window, node, core::Component::kMaintenance, true});
    ctx.send(cluster_, window, kNodeUp, kPrioFailure, NodeUpMsg{node});
    ctx.send(ctx.self(), window + draw_maintenance(maint_rng_[msg.node_in_pod]), kMaintenance,
             kPrioFailure, msg);
    return;
  }
  auto& rng = rng_[msg.node_in_pod];
  const Time repair = draw_repair(rng);
  ctx.send(cluster_, cfg_.detect_latency, kNodeDown, kPrioFailure,
           NodeDownMsg{ctx.now(), repair, node, draw_cause(cause_rng_[msg.node_in_pod])});
  ctx.send(cluster_, repair, kNodeUp, kPrioFailure, NodeUpMsg{node});
  // The next failure of this node: after the repair, an exponential up time.
  ctx.send(ctx.self(), repair + draw_uptime(msg.node_in_pod, rng), kNodeFail, kPrioFailure, msg);
}

}  // namespace fleetsim::model
