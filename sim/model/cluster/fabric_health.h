// What a cluster knows of its network's health: per node the planes it has lost (a leaf or link
// of a multi-plane network), per upper tier the switches and uplinks down. A job's share of its
// bandwidth is the least it sees: its nodes' (when it spans nodes) and that of each tier it
// crosses (sim/model/fabric/geometry.h). What that share does to its speed is the step-time
// model's (sim/model/job_speed.h).
#pragma once
#include <cstdint>
#include <vector>

#include "sim/engine/lp.h"
#include "sim/model/fabric/geometry.h"

namespace fleetsim::model {

class FabricHealth {
 public:
  FabricHealth() = default;
  FabricHealth(FabricGeometry geometry, int nodes);

  const FabricGeometry& geometry() const { return geo_; }
  // A plane lost (+1) or back (-1) on cluster-local nodes [first, first + count).
  void nodes_degraded(int first, int count, int delta);
  // A switch of tier t (2 spine, 3 core...), or with `uplink` one of the links cabled up into
  // it, down (+1) or back (-1). The tier keeps 1 - switches down / its switches - links down /
  // its uplinks of its bandwidth.
  void tier_degraded(int tier, int delta, bool uplink = false);

  // The share (0, 1] of its scale-out bandwidth a job on these nodes has left; 1 on a healthy
  // fabric, and for a job on one node (it never leaves its scale-up domain).
  double bandwidth(const Allocation& nodes) const;
  // Whether the job's rate depends on tier t (it crosses it).
  bool crosses(const Allocation& nodes, int tier) const;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(lost_, tier_down_, links_down_);
  }

 private:
  FabricGeometry geo_;
  std::vector<std::uint8_t> lost_;        // per node: planes lost
  std::vector<std::int64_t> tier_down_;   // per tier (index tier - 1): switches down
  std::vector<std::int64_t> links_down_;  // per tier: uplinks into it down
};

}  // namespace fleetsim::model
