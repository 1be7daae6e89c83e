#include "sim/model/fabric/geometry.h"

#include <algorithm>

namespace fleetsim::model {

FabricGeometry::FabricGeometry(const fabric::FabricSpec& spec, const fabric::Network& net,
                               int nodes)
    : planes_(std::max(1, net.planes)), nodes_(nodes) {
  if (net.topology != fabric::Topology::clos || net.tiers.empty() || nodes <= 0) return;
  tiers_ = static_cast<int>(net.tiers.size());
  for (const auto& t : net.tiers) switches_.push_back(t.switches);
  for (int t = 0; t + 1 < tiers_; ++t) uplinks_.push_back(net.tiers[t].uplinks);
  // Leaves per plane, one set per rail: a leaf group takes one leaf of each rail and plane, so
  // there are (leaves per plane / rails) groups, each serving an equal run of servers (the last
  // may hold fewer), which is how fabric/clos.cc fills the leaves.
  const int rails = std::max(1, spec.rails);
  const std::int64_t leaves = net.tiers[0].switches / planes_;
  groups_ = static_cast<int>(std::max<std::int64_t>(1, leaves / rails));
  group_nodes_ = (nodes + groups_ - 1) / groups_;
  groups_ = (nodes + group_nodes_ - 1) / group_nodes_;
  leaves_per_group_ = rails * planes_;
  // Blocks: tier 1's block is a leaf group; tier t's joins `down ports of tier t` blocks of
  // tier t - 1 (fabric/clos.cc cables them so), a spine's down ports going one to each leaf of
  // its leaf groups (so `rails` ports per group), and the top tier joins them all.
  block_nodes_.push_back(group_nodes_);
  for (int t = 1; t < tiers_; ++t) {
    const std::int64_t below = block_nodes_.back();
    const bool top = t + 1 == tiers_;
    const std::int64_t joined =
        std::max(1, t == 1 ? net.tiers[t].down_ports / rails : net.tiers[t].down_ports);
    block_nodes_.push_back(top ? std::max<std::int64_t>(nodes, below)
                               : std::min<std::int64_t>(nodes, below * joined));
  }
  double ratio = 1;
  for (int t = 0; t + 1 < tiers_; ++t) {
    const auto& tc = net.tiers[t];
    if (tc.down_ports > 0) ratio *= std::min(1.0, static_cast<double>(tc.up_ports) / tc.down_ports);
    uplink_ratio_.push_back(ratio);
  }
}

int FabricGeometry::nodes_in_group(int group) const {
  return std::min(group_nodes_, nodes_ - group * group_nodes_);
}

int FabricGeometry::nodes_in_block_below(int tier, int block) const {
  const std::int64_t size = block_nodes_[tier - 2];
  return static_cast<int>(std::min<std::int64_t>(size, nodes_ - block * size));
}

std::uint32_t FabricGeometry::tiers_crossed(const Allocation& nodes) const {
  if (!modelled() || nodes.size() < 2) return 0;
  std::uint32_t mask = 1;
  std::int32_t lo = nodes.front(), hi = lo;  // the lowest and highest node, run by run
  for (const Allocation::Run& r : nodes.runs()) {
    lo = std::min(lo, r.first);
    hi = std::max(hi, r.first + r.count - 1);
  }
  for (int t = 2; t <= tiers_; ++t)
    if (lo / block_nodes_[t - 2] != hi / block_nodes_[t - 2]) mask |= 1u << (t - 1);
  return mask;
}

}  // namespace fleetsim::model
