// Placement: where in its cluster a job runs. The interface the scheduling policy and the cluster
// see; pod_packing.h is today's implementation (topology-aware placement will be another).
#pragma once
#include <cstdint>
#include <vector>

#include "sim/engine/lp.h"
#include "sim/model/allocation.h"

namespace fleetsim::model {

// Pods [first, end) of a cluster (cluster-local indexes); end < 0: every pod. A job's partition
// (partitions.h) limits it to such a range.
struct PodRange {
  std::int32_t first = 0, end = -1;
  bool all() const { return end < 0; }
  bool has(int pod) const { return all() || (pod >= first && pod < end); }
  // Whether two ranges share a pod.
  bool overlaps(const PodRange& o) const {
    return all() || o.all() || (first < o.end && o.first < end);
  }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(first, end);
  }
};

// What a job asks of placement: `gpus` on one node, or whole nodes for a gang of a node or more,
// within `pods`: those of its partition (index into sched.partitions; -1 without partitions).
// `max_leaves` > 0: a gang fits only within that many leaf groups, while its switch limit is in
// force (sched.switches; sim/model/cluster/switches.h); 0: anywhere.
struct Demand {
  std::int32_t gpus = 1;
  bool whole_nodes = false;
  std::int32_t nodes_needed = 1;
  PodRange pods;
  std::int32_t partition = -1;
  std::int32_t max_leaves = 0;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(gpus, whole_nodes, nodes_needed, pods, partition, max_leaves);
  }
};

// A running job holds an Allocation (sim/model/allocation.h) of cluster-local node indexes.

class Placement {
 public:
  virtual ~Placement() = default;

  // Whether the job could start now; a gang with max_leaves only within that many leaf groups
  // (counted on the nodes place() would take). The what-ifs below ignore max_leaves.
  virtual bool fits(const Demand& d) const = 0;
  // Nodes per leaf group of topology-aware placement; 0 without one (or when one leaf group holds
  // the whole cluster): max_leaves then limits nothing.
  virtual int leaf_nodes() const = 0;
  // Whole free nodes the job would take if started now (reservations count in whole nodes).
  virtual int whole_nodes_used(const Demand& d) const = 0;
  // Of those, the ones in pods `r` (another partition's reservation counts only its own).
  virtual int whole_nodes_used_in(const Demand& d, PodRange r) const = 0;
  // Places job `job` now; needs fits(d). Returns its GPUs held (whole nodes for gangs).
  virtual std::int32_t place(std::int32_t job, const Demand& d, Allocation& out) = 0;
  virtual void release(std::int32_t job, const Demand& d, Allocation& alloc) = 0;

  // Node health. Before node_down, the node's jobs must have been released.
  virtual void jobs_on_node(int node, std::vector<std::int32_t>& out) const = 0;
  virtual void node_down(int node) = 0;
  virtual void node_up(int node) = 0;
  // Hot spares: an up, idle node kept from placement (spare_in) or given back to it (spare_out).
  virtual void spare_in(int node) = 0;
  virtual void spare_out(int node) = 0;

  // A what-if for reservations (EASY, conservative): free capacity as running allocations end, in
  // the order given, without touching the real state. begin() starts from the current free
  // capacity in pods `within` (a partition's): releases elsewhere free nothing there.
  virtual void what_if_begin(PodRange within = {}) = 0;
  virtual void what_if_release(const Demand& d, const Allocation& alloc) = 0;
  virtual bool what_if_fits(const Demand& d) const = 0;
  virtual int what_if_spare_nodes(const Demand& d) const = 0;  // whole free nodes beyond d's
  virtual int what_if_free_nodes() const = 0;                  // whole free nodes (conservative)
  virtual void what_if_end() = 0;

  // Fragmentation: the free GPUs (hot spares aside) that no queued job could use by its size,
  // when the smallest queued job on part of a node needs `min_partial` GPUs and the smallest
  // queued gang `min_gang` whole nodes (a huge value when there is none): a partly used node's
  // k free GPUs when k < min_partial; the whole free nodes when no sub-node job waits and there
  // are fewer of them than min_gang. Partitions are not looked at (a size bound).
  virtual std::int64_t fragmented_gpus(int min_partial, int min_gang) const = 0;

  // GPU counts, for accounting and sampling; per pod too (pods are cluster-local indexes).
  virtual std::int64_t busy_gpus() const = 0;
  virtual std::int64_t idle_gpus() const = 0;
  virtual std::int64_t failed_gpus() const = 0;
  virtual int pods() const = 0;
  virtual int pod_of(int node) const = 0;
  virtual std::int64_t pod_gpus() const = 0;
  virtual std::int64_t pod_busy_gpus(int pod) const = 0;
  virtual std::int64_t pod_failed_gpus(int pod) const = 0;

  // Changes whenever the state above does (a place, release, node or spare change, a load): a
  // policy may keep what it worked out while it is the same (fifo_easy.h).
  virtual std::uint64_t version() const = 0;

  virtual void save(engine::StateWriter& out) const = 0;
  virtual void load(engine::StateReader& in) = 0;
};

}  // namespace fleetsim::model
