#include "sim/model/cluster/contention.h"

#include <algorithm>

#include "sim/model/messages.h"

namespace fleetsim::model {

Contention::Contention(FabricGeometry geometry, std::vector<engine::LpId> tiers, int gpus_per_node,
                       engine::Time latency, bool ring)
    : geo_(std::move(geometry)),
      tiers_(std::move(tiers)),
      gpus_per_node_(gpus_per_node),
      latency_(latency),
      ring_(ring) {}

bool Contention::crosses(const Allocation& nodes, int tier) const {
  return tiers_[static_cast<std::size_t>(tier - 2)] != ~engine::LpId{0} &&
         ((geo_.tiers_crossed(nodes) >> (tier - 1)) & 1u);
}

void Contention::start(std::int32_t j, std::uint32_t key, const Allocation& nodes,
                       engine::Context& ctx) {
  for (int t = 2; t < 2 + static_cast<int>(tiers_.size()); ++t) {
    if (!crosses(nodes, t)) continue;
    // The job's GPUs in each block below the tier (whole nodes: a job across nodes holds them).
    std::vector<std::pair<std::int32_t, std::int32_t>> blocks;
    for (std::int32_t n : nodes) blocks.emplace_back(geo_.block_below(t, n), gpus_per_node_);
    std::sort(blocks.begin(), blocks.end());
    std::vector<std::pair<std::int32_t, std::int32_t>> merged;
    for (const auto& b : blocks)
      if (!merged.empty() && merged.back().first == b.first)
        merged.back().second += b.second;
      else
        merged.push_back(b);
    // Rings ordered by node leave each block once, from one node: its NICs' worth.
    if (ring_)
      for (auto& b : merged) b.second = std::min(b.second, gpus_per_node_);
    for (std::size_t i = 0; i < merged.size(); i += ContendMsg::kMaxBlocks) {
      ContendMsg msg{j, key, 0, {}, {}};
      for (std::size_t k = i; k < std::min(merged.size(), i + ContendMsg::kMaxBlocks); ++k) {
        msg.block[msg.count] = merged[k].first;
        msg.gpus[msg.count++] = merged[k].second;
      }
      ctx.send(tiers_[static_cast<std::size_t>(t - 2)], latency_, kContend, kPrioFailure, msg);
    }
  }
}

void Contention::stop(std::int32_t j, std::uint32_t key, const Allocation& nodes,
                      engine::Context& ctx) {
  for (int t = 2; t < 2 + static_cast<int>(tiers_.size()); ++t)
    if (crosses(nodes, t))
      ctx.send(tiers_[static_cast<std::size_t>(t - 2)], latency_, kContend, kPrioFailure,
               ContendMsg{j, key, 0, {}, {}});
  // The next attempt starts with its whole bandwidth until its tiers say otherwise.
  shares_.erase(shares_.lower_bound({j, 0}), shares_.lower_bound({j + 1, 0}));
}

void Contention::set(std::int32_t j, int tier, double share) {
  if (share >= 1)
    shares_.erase({j, tier});
  else
    shares_[{j, tier}] = share;
}

double Contention::share(std::int32_t j) const {
  double s = 1;
  for (auto it = shares_.lower_bound({j, 0}); it != shares_.end() && it->first.first == j; ++it)
    s = std::min(s, it->second);
  return s;
}

}  // namespace fleetsim::model
