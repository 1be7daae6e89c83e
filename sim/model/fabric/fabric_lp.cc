#include "sim/model/fabric/fabric_lp.h"

#include <algorithm>
#include <cereal/types/vector.hpp>

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
      families_(std::move(families)) {}

template <class Archive>
void FabricLp::state(Archive& ar) {
  ar(rng_);
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

void FabricLp::handle(const engine::Event& ev, engine::Context& ctx) {
  // kFabricFail is the only event a fabric LP receives.
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
