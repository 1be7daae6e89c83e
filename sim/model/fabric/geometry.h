// How a cluster's nodes sit under its network's switches: the failure domains of a Clos network
// as the fabric LPs and the cluster see them. Derived from the sized network (fabric/build.h),
// never typed in: a leaf group is the servers one set of leaf switches serves (one leaf per rail
// and plane, as in rail-optimized designs; one leaf per plane without rails), and each tier above
// joins blocks of the one below (a spine block holds `down ports of a spine` leaf groups).
#pragma once
#include <cstdint>
#include <vector>

#include "fabric/network.h"
#include "fabric/spec.h"

namespace fleetsim::model {

class FabricGeometry {
 public:
  FabricGeometry() = default;
  // `nodes` servers of `gpus_per_node` GPUs each, numbered 0.. in the cluster.
  FabricGeometry(const fabric::FabricSpec& spec, const fabric::Network& net, int nodes);

  bool modelled() const { return tiers_ > 0; }  // a Clos network (tori are not modelled)
  int tiers() const { return tiers_; }
  int planes() const { return planes_; }
  int leaf_groups() const { return groups_; }
  int nodes_per_group() const { return group_nodes_; }
  int leaves_per_group() const { return leaves_per_group_; }  // rails x planes
  int group_of(int node) const { return node / group_nodes_; }
  int first_node(int group) const { return group * group_nodes_; }
  int nodes_in_group(int group) const;
  // Switches of tier t (1 leaf, 2 spine, 3 core, ...) in the whole cluster.
  std::int64_t switches(int tier) const { return switches_[tier - 1]; }
  // Links cabled up into tier t (t >= 2) from the tier below, all planes.
  std::int64_t uplinks_into(int tier) const { return uplinks_[tier - 2]; }
  // Nodes per block of tier t: a job whose nodes span two blocks of tier t - 1 crosses tier t.
  std::int64_t block_nodes(int tier) const { return block_nodes_[tier - 1]; }
  // Bit t - 1 set: the job's traffic crosses tier t (tier 1, the leaf, when it spans more than
  // one node: a one-node job never leaves its NVLink domain; the tiers above when its nodes span
  // several blocks of the tier below).
  std::uint32_t tiers_crossed(const std::vector<std::int32_t>& nodes) const;

 private:
  int tiers_ = 0, planes_ = 1, nodes_ = 0;
  int groups_ = 0, group_nodes_ = 1, leaves_per_group_ = 1;
  std::vector<std::int64_t> switches_, uplinks_, block_nodes_;
};

}  // namespace fleetsim::model
