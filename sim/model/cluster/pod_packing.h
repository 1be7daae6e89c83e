// Placement: gangs of a node or more take whole nodes spread over the fewest pods (the tightest
// pod that holds them all, else the pods with the most free nodes first) or, topology-aware,
// over the fewest blocks of the network; smaller jobs take GPUs within one node, best fit. The
// node index is sim/model/node_pool.h.
#pragma once
#include "sim/model/cluster/placement.h"
#include "sim/model/node_pool.h"

namespace fleetsim::model {

class PodPacking final : public Placement {
 public:
  // block_nodes: the network's nested blocks for topology-aware placement (NodePool::set_blocks);
  // empty: gangs spread over the fewest pods.
  PodPacking(int pods, int nodes_per_pod, int gpus_per_node,
             const std::vector<int>& block_nodes = {});

  bool fits(const Demand& d) const override;
  int leaf_nodes() const override { return pool_.leaf_nodes(); }
  int whole_nodes_used(const Demand& d) const override;
  int whole_nodes_used_in(const Demand& d, PodRange r) const override;
  std::int32_t place(std::int32_t job, const Demand& d, Allocation& out) override;
  void release(std::int32_t job, const Demand& d, Allocation& alloc) override;

  void jobs_on_node(int node, std::vector<std::int32_t>& out) const override;
  void node_down(int node) override {
    ++version_;
    pool_.set_down(node);
  }
  void node_up(int node) override {
    ++version_;
    pool_.set_up(node);
  }
  void spare_in(int node) override {
    ++version_;
    pool_.hold(node);
  }
  void spare_out(int node) override {
    ++version_;
    pool_.unhold(node);
  }

  void what_if_begin(PodRange within = {}) override;
  void what_if_release(const Demand& d, const Allocation& alloc) override;
  bool what_if_fits(const Demand& d) const override;
  int what_if_spare_nodes(const Demand& d) const override;
  int what_if_free_nodes() const override { return what_if_full_; }
  void what_if_end() override;

  std::int64_t fragmented_gpus(int min_partial, int min_gang) const override;
  std::int64_t busy_gpus() const override { return pool_.busy_gpus(); }
  std::int64_t idle_gpus() const override { return pool_.idle_gpus(); }
  std::int64_t failed_gpus() const override { return pool_.failed_gpus(); }
  int pods() const override { return pool_.pods(); }
  int pod_of(int node) const override { return pool_.pod_of(node); }
  std::int64_t pod_gpus() const override { return pool_.pod_gpus(); }
  std::int64_t pod_busy_gpus(int pod) const override { return pool_.pod_busy_gpus(pod); }
  std::int64_t pod_failed_gpus(int pod) const override { return pool_.pod_failed_gpus(pod); }

  std::uint64_t version() const override { return version_; }

  void save(engine::StateWriter& out) const override;
  void load(engine::StateReader& in) override;

 private:
  int per_node(const Demand& d) const { return d.whole_nodes ? pool_.gpus_per_node() : d.gpus; }
  // Sets the first slot of each of a gang's nodes to `job` (-1: empty).
  void set_first_slots(const Allocation& nodes, std::int32_t job);
  // Leaf groups the gang's nodes would span if placed now (it needs enough free nodes).
  int leaf_groups_now(const Demand& d) const;

  NodePool pool_;
  std::vector<std::int32_t> node_jobs_;  // gpus_per_node slots per node, -1 when empty
  // What-if scratch: per node free GPUs as releases are replayed (-1: untouched).
  std::vector<std::int16_t> scratch_free_;
  std::vector<std::int32_t> touched_;
  PodRange within_;
  mutable Allocation preview_;
  int what_if_full_ = 0;
  int what_if_max_free_ = 0;   // most free GPUs on a touched node
  std::uint64_t version_ = 0;  // not saved: a count of changes in this process
};

}  // namespace fleetsim::model
