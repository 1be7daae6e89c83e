// The nodes of one cluster as its scheduler sees them: free GPUs per node, up or down, and the
// indexes that make placement cheap: per free-GPU count, a bitset of the up nodes with exactly
// that many free, and per pod the number of up nodes with every GPU free.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/engine/lp.h"
#include "sim/model/cluster/placement.h"
#include "sim/model/node_bitset.h"

namespace fleetsim::model {

class NodePool {
 public:
  NodePool(int pods, int nodes_per_pod, int gpus_per_node);

  int nodes() const { return static_cast<int>(free_.size()); }
  int gpus_per_node() const { return gpn_; }
  int pod_of(int node) const { return node / nodes_per_pod_; }
  bool up(int node) const { return up_[node] == kUp; }
  int free(int node) const { return free_[node]; }
  // Up nodes (hot spares aside) with exactly k GPUs free, 1 <= k <= gpus_per_node.
  int nodes_with_free(int k) const { return bucket_size_[k]; }
  int full_free_nodes() const { return full_free_; }
  // Within pods `r` (a job's partition).
  int full_free_nodes(PodRange r) const;
  std::int64_t busy_gpus() const { return busy_; }
  std::int64_t idle_gpus() const { return idle_; }
  std::int64_t failed_gpus() const { return failed_; }
  int pods() const { return static_cast<int>(pod_busy_.size()); }
  // Per pod, kept as GPUs move, for the per-pod timeline.
  std::int64_t pod_busy_gpus(int pod) const { return pod_busy_[pod]; }
  std::int64_t pod_failed_gpus(int pod) const { return pod_failed_[pod]; }
  std::int64_t pod_gpus() const { return std::int64_t{nodes_per_pod_} * gpn_; }

  // The up node of pods `r` with at least `gpus` free and the fewest free (best fit), or -1.
  int best_partial_node(int gpus, PodRange r = {}) const;
  // Appends `count` whole free nodes of pods `r` spread over the fewest pods: the tightest single
  // pod that holds them all, else the pods with the most free nodes first. Needs count <=
  // full_free_nodes(r). With blocks set (topology-aware placement), over the fewest blocks of
  // the network instead (a block cut by r counts only its nodes in r).
  void pick_whole_nodes(int count, Allocation& out, PodRange r = {}) const;

  // The network's nested blocks, in nodes, smallest first: a leaf group, then the blocks of each
  // tier above (sim/model/fabric/geometry.h). A level that is not a multiple of the one before,
  // or that holds the whole pool, is dropped. With blocks, pick_whole_nodes packs a gang as
  // Slurm's topology/tree plugin does: into the tightest single block of the lowest level that
  // holds it; within a block, into the tightest sub-block that holds what is left, else the
  // sub-blocks with the most free nodes first.
  void set_blocks(const std::vector<int>& block_nodes);
  // Nodes per leaf group (the first level of blocks); 0 without blocks.
  int leaf_nodes() const { return block_nodes_.empty() ? 0 : block_nodes_.front(); }

  void take(int node, int gpus);
  void give(int node, int gpus);
  // take()/give() of `gpus` on each of `nodes`, with the same checks and the same end state, in
  // one pass: a gang of thousands of nodes is one call, and whole nodes update the indexes a run
  // of nodes, a bitset word and a pod at a time instead of a division and a call per node.
  void take_all(const Allocation& nodes, int gpus);
  void give_all(const Allocation& nodes, int gpus);
  void set_down(int node);  // the node's GPUs must all be free (its jobs released first)
  void set_up(int node);
  // A hot spare: up and idle but kept from the scheduler until released (its GPUs count as
  // idle). hold() needs an up node with every GPU free.
  void hold(int node);
  void unhold(int node);

  // The state is the free GPUs and health of each node; the indexes are rebuilt on load.
  void save(engine::StateWriter& out) const;
  void load(engine::StateReader& in);

 private:
  void rebuild();  // every index and count from free_ and up_
  void index_add(int node);
  void index_remove(int node);
  int find_in_bucket(int k, int from, int to) const;  // first node in [from, to) or -1
  // Appends the first `want` whole free nodes of [from, to) (there must be as many), in order.
  void append_full_free(int from, int to, int want, Allocation& out) const;
  // Moves whole nodes between all free and all taken (sign -1: taken, +1: given back).
  void move_whole(const Allocation& nodes, int sign);
  // Nodes [from, to) of pods r.
  struct NodeRange {
    int from, to;
  };
  NodeRange nodes_of(PodRange r) const;
  // Whole free nodes in [from, to), counted bit by bit (for a block cut by a partition).
  int count_full_free(int from, int to) const;
  // Blocks: level L's block size (level blocks_.size() is the whole pool, one block).
  int block_size(int level) const;
  int block_free(int level, int block, NodeRange in) const;
  // Appends `want` whole free nodes of block `block` of level `level` that lie in `in`.
  void fill_block(int level, int block, int want, Allocation& out, NodeRange in) const;

  int nodes_per_pod_, gpn_;
  std::vector<std::uint8_t> free_;
  enum : std::uint8_t { kDown = 0, kUp = 1, kHeld = 2 };
  std::vector<std::uint8_t> up_;                    // per node: kDown, kUp or kHeld (a hot spare)
  std::vector<NodeBitset> bucket_;                  // [free count] -> bitset over nodes
  std::vector<int> bucket_size_;
  std::vector<int> pod_full_free_;
  std::vector<std::int64_t> pod_busy_, pod_failed_;
  int full_free_ = 0;
  std::int64_t busy_ = 0, idle_ = 0, failed_ = 0;
  mutable std::vector<int> pod_order_;
  std::vector<int> block_nodes_;                   // per level, nodes per block
  std::vector<std::vector<int>> block_full_free_;  // per level, per block: whole free nodes
};

}  // namespace fleetsim::model
