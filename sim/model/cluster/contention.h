// The cluster's side of contention (fabric.contention; sim/model/fabric/tier_share.h): it tells
// the LP of each oversubscribed tier a job crosses when the job starts there and with how many
// GPUs in each block below the tier, and when it stops; it keeps the shares those LPs send back.
// A job's contention share is the least of its tiers' (1 until a tier says otherwise).
#pragma once
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "sim/engine/lp.h"
#include "sim/model/cluster/placement.h"
#include "sim/model/fabric/geometry.h"

namespace fleetsim::model {

class Contention {
 public:
  Contention() = default;
  // tiers[t - 2]: the LP of tier t, or ~0 when tier t is not contended; messages to them take
  // `latency` (latency.contention).
  // With `ring`, a job's demand on a block is at most one node's GPUs (config.h, Traffic).
  Contention(FabricGeometry geometry, std::vector<engine::LpId> tiers, int gpus_per_node,
             engine::Time latency, bool ring);

  // Attempt `key` of job j starts (stops) on cluster-local `nodes`.
  void start(std::int32_t j, std::uint32_t key, const Allocation& nodes, engine::Context& ctx);
  void stop(std::int32_t j, std::uint32_t key, const Allocation& nodes, engine::Context& ctx);
  // Tier `tier` gives job j `share` of its demand.
  void set(std::int32_t j, int tier, double share);
  // The least share of job j's tiers; 1 without contention.
  double share(std::int32_t j) const;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(shares_);
  }

 private:
  bool crosses(const Allocation& nodes, int tier) const;

  FabricGeometry geo_;
  std::vector<engine::LpId> tiers_;
  int gpus_per_node_ = 1;
  engine::Time latency_ = 1;
  bool ring_ = true;
  std::map<std::pair<std::int32_t, std::int32_t>, double> shares_;  // (job, tier): shares < 1
};

}  // namespace fleetsim::model
