// How a cluster's nodes sit under its network's switches: the failure domains of a Clos network
// as the fabric LPs and the cluster see them. Derived from the sized network (fabric/build.h),
// never typed in: a leaf group is the servers one set of leaf switches serves (one leaf per rail
// and plane, as in rail-optimized designs; one leaf per plane without rails), and each tier above
// joins blocks of the one below. A spine block holds `down ports of a spine / rails` leaf groups:
// each spine has one down port per leaf of its block, and a leaf group has one leaf per rail, so
// a block takes every rail of its leaf groups (Alibaba HPN's pod: 15 segments x 8 rails = 120
// ToRs under 120-port aggregation switches). fabric/clos.cc counts the same switches and uplinks
// (it needs only how many leaves a block holds), though it lists a block's leaves rail by rail;
// with rail-aligned traffic (GPU r of a server talks to GPU r of the others) the blocks here are
// the ones a job's traffic climbs out of.
#pragma once
#include <cstdint>
#include <vector>

#include "fabric/network.h"
#include "fabric/spec.h"
#include "sim/model/allocation.h"

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
  std::uint32_t tiers_crossed(const Allocation& nodes) const;
  // Block of tier t - 1 holding `node`: the uplinks a job's traffic climbs into tier t through.
  int block_below(int tier, int node) const {
    return static_cast<int>(node / block_nodes_[tier - 2]);
  }
  int blocks_below(int tier) const {
    return static_cast<int>((nodes_ + block_nodes_[tier - 2] - 1) / block_nodes_[tier - 2]);
  }
  int nodes_in_block_below(int tier, int block) const;
  // Uplink bandwidth of a block of tier t - 1 into tier t over the NIC bandwidth of its GPUs:
  // the product of up ports / down ports of tiers 1 .. t - 1 (ports of one switch run at one
  // speed). Below 1 the tier is oversubscribed: HPN's core 1/15, Meta's aggregation 1/7.
  double uplink_ratio(int tier) const { return uplink_ratio_[tier - 2]; }

 private:
  int tiers_ = 0, planes_ = 1, nodes_ = 0;
  int groups_ = 0, group_nodes_ = 1, leaves_per_group_ = 1;
  std::vector<std::int64_t> switches_, uplinks_, block_nodes_;
  std::vector<double> uplink_ratio_;  // per tier t >= 2, index t - 2
};

}  // namespace fleetsim::model
