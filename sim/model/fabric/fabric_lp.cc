#include "sim/model/fabric/fabric_lp.h"

#include <algorithm>
#include <cereal/types/utility.hpp>
#include <cereal/types/vector.hpp>
#include <stdexcept>

#include "sim/model/messages.h"

namespace fleetsim::model {
namespace {

double per_us(double per_1000_days) { return per_1000_days / 1000.0 / engine::kDay; }

}  // namespace

std::vector<ComponentFamily> leaf_group_families(const FailureConfig& f, int nodes,
                                                 int gpus_per_node, int leaves, int planes,
                                                 int rack_nodes) {
  using core::Component;
  // With a second plane a node keeps a path when a leaf or link of one plane fails (Alibaba
  // HPN's dual-ToR design): its jobs slow down instead of stopping.
  const bool single = planes < 2;
  const std::int64_t links = std::int64_t{nodes} * gpus_per_node * planes;
  rack_nodes = std::clamp(rack_nodes, 1, nodes);
  const std::int64_t racks = (nodes + rack_nodes - 1) / rack_nodes;
  // A link's failure reaches one node; a group's links are spread evenly over its nodes.
  return {
      {Component::kLeafSwitch, leaves, per_us(f.switch_rate), f.switch_repair, 1, single, 0,
       core::purpose("fabric.leaf")},
      {Component::kLink, links, per_us(f.link_rate), f.link_repair, 0, single, 1,
       core::purpose("fabric.link")},
      {Component::kLinkFlap, links, per_us(f.link_flap_rate), f.flap_duration, 0, single, 1,
       core::purpose("fabric.flap")},
      // A rack's power feed: its servers go down whatever the planes.
      {Component::kRackPower, racks, per_us(f.rack_power_rate), f.rack_power_repair, 0, true,
       rack_nodes, core::purpose("fabric.rack")},
  };
}

std::vector<ComponentFamily> tier_families(const FailureConfig& f, int tier, std::int64_t switches,
                                           std::int64_t uplinks) {
  const auto kind = tier == 2 ? core::Component::kSpineSwitch : core::Component::kCoreSwitch;
  const auto t = static_cast<std::int8_t>(tier);
  // Switch-to-switch links fail at the GPU-to-leaf links' rate (assumption: HPN gives NIC-ToR
  // links only); their flaps are rerouted by ECMP in milliseconds and are not modelled.
  return {{kind, switches, per_us(f.switch_rate), f.switch_repair, t, false, 0,
           core::purpose("fabric.switch")},
          {core::Component::kUplink, uplinks, per_us(f.link_rate), f.link_repair, t, false, 0,
           core::purpose("fabric.uplink")}};
}

FabricLp::FabricLp(const ModelConfig& cfg, engine::LpId cluster, int group, int first_node,
                   int nodes, std::vector<ComponentFamily> families)
    : detect_(cfg.failures.detect_latency),
      cluster_(cluster),
      group_(group),
      first_node_(first_node),
      nodes_(nodes),
      families_(std::move(families)),
      share_latency_(cfg.latency.contention) {}

template <class Archive>
void FabricLp::state(Archive& ar) {
  ar(rng_, shares_, sent_, solve_pending_);
}
template void FabricLp::state(engine::StateWriter&);
template void FabricLp::state(engine::StateReader&);

Time FabricLp::draw_next(int family) {
  const auto& f = families_[family];
  const double t = rng_[family].exponential(f.rate_per_us * static_cast<double>(f.members));
  return t > 1e19 ? engine::kNever / 4 : std::max<Time>(1, static_cast<Time>(t));
}

void FabricLp::init(engine::Context& ctx) {
  // Entity: the group's first global node; an upper tier's LP adds its tier above any node id.
  const std::uint64_t entity = group_ >= 0
                                   ? static_cast<std::uint64_t>(first_node_)
                                   : (static_cast<std::uint64_t>(families_.at(0).tier) << 40) |
                                         static_cast<std::uint64_t>(first_node_);
  for (std::size_t k = 0; k < families_.size(); ++k) {
    rng_.push_back(ctx.rng({families_[k].stream, entity}));
    if (families_[k].rate_per_us > 0 && families_[k].members > 0)
      ctx.send(ctx.self(), draw_next(static_cast<int>(k)), kFabricFail, kPrioFailure,
               FabricFailMsg{static_cast<std::int32_t>(k)});
  }
}

void FabricLp::share_uplinks(int tier, std::vector<double> capacity) {
  tier_ = tier;
  shares_ = TierShares(std::move(capacity));
}

void FabricLp::handle(const engine::Event& ev, engine::Context& ctx) {
  switch (ev.kind) {
    case kFabricFail:
      return on_fail(ev, ctx);
    case kContend:
      return on_contend(ev, ctx);
    case kShareSolve:
      return on_solve(ctx);
    default:
      throw std::logic_error("fabric LP: unexpected event kind");
  }
}

void FabricLp::on_contend(const engine::Event& ev, engine::Context& ctx) {
  const auto msg = ev.as<ContendMsg>();
  if (msg.count == 0) shares_.remove(msg.job, msg.key);
  for (int i = 0; i < msg.count; ++i) shares_.add(msg.job, msg.key, msg.block[i], msg.gpus[i]);
  // One solve after every change of this instant (the cluster sends them all at once).
  if (solve_pending_) return;
  solve_pending_ = true;
  ctx.send(ctx.self(), 0, kShareSolve, kPrioSchedule, std::int32_t{0});
}

void FabricLp::on_solve(engine::Context& ctx) {
  solve_pending_ = false;
  auto now = shares_.solve();
  // Tell the jobs whose share changed; a job not told yet has the whole of its demand.
  auto before = sent_.begin();
  for (const auto& s : now) {
    while (before != sent_.end() && before->job < s.job) ++before;
    const bool known = before != sent_.end() && before->job == s.job && before->key == s.key;
    if (s.share != (known ? before->share : 1.0))
      ctx.send(cluster_, share_latency_, kShare, kPrioFailure,
               ShareMsg{s.share, s.job, s.key, tier_});
  }
  sent_ = std::move(now);
}

void FabricLp::on_fail(const engine::Event& ev, engine::Context& ctx) {
  const int k = ev.as<FabricFailMsg>().family;
  const ComponentFamily& f = families_[k];
  std::int32_t first = first_node_, count = nodes_;
  if (f.unit_nodes > 0) {
    const int units = (nodes_ + f.unit_nodes - 1) / f.unit_nodes;
    const int unit = static_cast<int>(rng_[k].uniform() * units) % units;
    first += unit * f.unit_nodes;
    count = std::min(f.unit_nodes, nodes_ - unit * f.unit_nodes);
  }
  if (group_ < 0) first = -1, count = 0;  // a tier: no nodes of its own
  if (f.takes_nodes) {
    ctx.send(cluster_, detect_, kNodesDown, kPrioFailure,
             NodesDownMsg{ctx.now(), f.repair, first, count, group_, f.kind, f.tier});
    ctx.send(cluster_, f.repair, kNodesUp, kPrioFailure, NodesUpMsg{first, count});
  } else {
    ctx.send(cluster_, detect_, kDegrade, kPrioFailure,
             DegradeMsg{ctx.now(), f.repair, first, count, group_, +1, f.kind, f.tier});
    ctx.send(cluster_, f.repair, kDegrade, kPrioFailure,
             DegradeMsg{ctx.now(), f.repair, first, count, group_, -1, f.kind, f.tier});
  }
  ctx.send(ctx.self(), draw_next(k), kFabricFail, kPrioFailure, ev.as<FabricFailMsg>());
}

}  // namespace fleetsim::model
