#include "sim/model/cluster/fabric_health.h"

#include <algorithm>

namespace fleetsim::model {

FabricHealth::FabricHealth(FabricGeometry geometry, int nodes)
    : geo_(std::move(geometry)),
      lost_(static_cast<std::size_t>(nodes), 0),
      tier_down_(static_cast<std::size_t>(std::max(1, geo_.tiers())), 0),
      links_down_(tier_down_.size(), 0) {}

void FabricHealth::nodes_degraded(int first, int count, int delta) {
  for (int n = first; n < first + count; ++n)
    lost_[n] = static_cast<std::uint8_t>(std::clamp(lost_[n] + delta, 0, 255));
}

void FabricHealth::tier_degraded(int tier, int delta, bool uplink) {
  (uplink ? links_down_ : tier_down_)[tier - 1] += delta;
}

bool FabricHealth::crosses(const Allocation& nodes, int tier) const {
  return (geo_.tiers_crossed(nodes) >> (tier - 1)) & 1u;
}

double FabricHealth::bandwidth(const Allocation& nodes) const {
  const std::uint32_t crossed = geo_.tiers_crossed(nodes);
  if (crossed == 0) return 1;
  double bw = 1;
  // Its own planes: a node that lost one of P planes keeps (P - lost) / P of its bandwidth; all
  // of them lost (two failures under one group at once) is taken as half of one plane, the
  // traffic squeezed through what the other tiers reroute (a simplification: it is rare).
  const double planes = geo_.planes();
  for (std::int32_t n : nodes)
    if (lost_[n] > 0) bw = std::min(bw, std::max(0.5 / planes, (planes - lost_[n]) / planes));
  for (int t = 2; t <= geo_.tiers(); ++t)
    if ((crossed >> (t - 1)) & 1u && (tier_down_[t - 1] > 0 || links_down_[t - 1] > 0)) {
      const double switches = static_cast<double>(geo_.switches(t));
      const double links = static_cast<double>(std::max<std::int64_t>(1, geo_.uplinks_into(t)));
      const double left = 1 - static_cast<double>(tier_down_[t - 1]) / switches -
                          static_cast<double>(links_down_[t - 1]) / links;
      bw = std::min(bw, std::max(0.5 / switches, left));
    }
  return bw;
}

}  // namespace fleetsim::model
