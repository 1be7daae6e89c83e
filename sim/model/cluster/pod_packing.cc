#include "sim/model/cluster/pod_packing.h"

#include <algorithm>
#include <cereal/types/vector.hpp>

namespace fleetsim::model {

PodPacking::PodPacking(int pods, int nodes_per_pod, int gpus_per_node,
                       const std::vector<int>& block_nodes)
    : pool_(pods, nodes_per_pod, gpus_per_node) {
  if (!block_nodes.empty()) pool_.set_blocks(block_nodes);
  node_jobs_.assign(static_cast<std::size_t>(pool_.nodes()) * gpus_per_node, -1);
  scratch_free_.assign(pool_.nodes(), -1);
}

bool PodPacking::fits(const Demand& d) const {
  if (!d.whole_nodes) return pool_.best_partial_node(d.gpus, d.pods) >= 0;
  if (pool_.full_free_nodes(d.pods) < d.nodes_needed) return false;
  // Slurm counts the leaf switches of the allocation its topology plugin selects
  // (select/cons_tres _eval_nodes_topo, leaf_switch_count > req_switch): the same here.
  return d.max_leaves <= 0 || pool_.leaf_nodes() == 0 || leaf_groups_now(d) <= d.max_leaves;
}

int PodPacking::leaf_groups_now(const Demand& d) const {
  preview_.clear();
  pool_.pick_whole_nodes(d.nodes_needed, preview_, d.pods);
  // pick_whole_nodes fills one leaf group at a time: a new group starts where the group changes.
  const int leaf = pool_.leaf_nodes();
  int groups = 0, last = -1;
  for (int node : preview_)
    if (node / leaf != last) {
      last = node / leaf;
      ++groups;
    }
  return groups;
}

int PodPacking::whole_nodes_used(const Demand& d) const {
  if (d.whole_nodes) return d.nodes_needed;
  const int node = pool_.best_partial_node(d.gpus, d.pods);
  return node >= 0 && pool_.free(node) == pool_.gpus_per_node() ? 1 : 0;
}

int PodPacking::whole_nodes_used_in(const Demand& d, PodRange r) const {
  if (r.all() || (!d.pods.all() && r.first <= d.pods.first && d.pods.end <= r.end))
    return whole_nodes_used(d);  // every node it could take is in r
  if (!d.pods.overlaps(r)) return 0;
  preview_.clear();
  if (d.whole_nodes) {
    pool_.pick_whole_nodes(d.nodes_needed, preview_, d.pods);  // the nodes place() would take
  } else {
    const int node = pool_.best_partial_node(d.gpus, d.pods);
    if (node >= 0 && pool_.free(node) == pool_.gpus_per_node()) preview_.push_back(node);
  }
  return static_cast<int>(std::count_if(preview_.begin(), preview_.end(),
                                        [&](int node) { return r.has(pool_.pod_of(node)); }));
}

std::int32_t PodPacking::place(std::int32_t job, const Demand& d, Allocation& out) {
  ++version_;
  out.clear();
  if (d.whole_nodes) {
    pool_.pick_whole_nodes(d.nodes_needed, out, d.pods);
  } else {
    out.push_back(pool_.best_partial_node(d.gpus, d.pods));
  }
  const int gpn = pool_.gpus_per_node();
  pool_.take_all(out, per_node(d));
  if (d.whole_nodes) {
    // A whole free node holds no job: its first slot is the empty one the search below finds.
    set_first_slots(out, job);
  } else {
    auto* slot = &node_jobs_[static_cast<std::size_t>(out.front()) * gpn];
    *std::find(slot, slot + gpn, -1) = job;
  }
  return d.whole_nodes ? d.nodes_needed * gpn : d.gpus;
}

void PodPacking::release(std::int32_t job, const Demand& d, Allocation& alloc) {
  ++version_;
  pool_.give_all(alloc, per_node(d));
  if (d.whole_nodes) {
    set_first_slots(alloc, -1);  // a gang is alone on its nodes, in the first slot (place())
  } else {
    const int gpn = pool_.gpus_per_node();
    for (int node : alloc) {
      auto* slot = &node_jobs_[static_cast<std::size_t>(node) * gpn];
      *std::find(slot, slot + gpn, job) = -1;
    }
  }
  alloc.clear();
}

void PodPacking::set_first_slots(const Allocation& nodes, std::int32_t job) {
  const auto gpn = static_cast<std::size_t>(pool_.gpus_per_node());
  for (const Allocation::Run& r : nodes.runs()) {
    std::int32_t* slot = &node_jobs_[static_cast<std::size_t>(r.first) * gpn];
    if (gpn == 1)
      std::fill_n(slot, r.count, job);
    else
      for (std::int32_t k = 0; k < r.count; ++k) slot[k * gpn] = job;
  }
}

void PodPacking::jobs_on_node(int node, std::vector<std::int32_t>& out) const {
  out.clear();
  const int gpn = pool_.gpus_per_node();
  for (int s = 0; s < gpn; ++s) {
    const std::int32_t j = node_jobs_[static_cast<std::size_t>(node) * gpn + s];
    if (j >= 0) out.push_back(j);
  }
}

std::int64_t PodPacking::fragmented_gpus(int min_partial, int min_gang) const {
  const int gpn = pool_.gpus_per_node();
  std::int64_t out = 0;
  for (int k = 1; k < gpn && k < min_partial; ++k)
    out += std::int64_t{k} * pool_.nodes_with_free(k);
  if (min_partial > gpn && pool_.full_free_nodes() < min_gang)
    out += std::int64_t{pool_.full_free_nodes()} * gpn;
  return out;
}

void PodPacking::what_if_begin(PodRange within) {
  within_ = within;
  what_if_full_ = pool_.full_free_nodes(within);
  what_if_max_free_ = 0;
}

void PodPacking::what_if_release(const Demand& d, const Allocation& alloc) {
  if (d.whole_nodes) {
    // Gangs hold their nodes alone: each one comes back whole.
    if (within_.all()) {
      what_if_full_ += static_cast<int>(alloc.size());
    } else {
      for (int node : alloc) what_if_full_ += within_.has(pool_.pod_of(node)) ? 1 : 0;
    }
    return;
  }
  const int node = alloc.front();
  if (!within_.has(pool_.pod_of(node))) return;
  if (scratch_free_[node] < 0) {
    scratch_free_[node] = static_cast<std::int16_t>(pool_.free(node));
    touched_.push_back(node);
  }
  scratch_free_[node] = static_cast<std::int16_t>(scratch_free_[node] + d.gpus);
  if (scratch_free_[node] == pool_.gpus_per_node()) ++what_if_full_;
  what_if_max_free_ = std::max<int>(what_if_max_free_, scratch_free_[node]);
}

bool PodPacking::what_if_fits(const Demand& d) const {
  if (d.whole_nodes) return what_if_full_ >= d.nodes_needed;
  // Only nodes touched by a release can have changed since the job did not fit.
  return what_if_full_ > 0 || what_if_max_free_ >= d.gpus;
}

int PodPacking::what_if_spare_nodes(const Demand& d) const {
  return std::max(0, what_if_full_ - (d.whole_nodes ? d.nodes_needed : 1));
}

void PodPacking::what_if_end() {
  for (int node : touched_) scratch_free_[node] = -1;
  touched_.clear();
}

void PodPacking::save(engine::StateWriter& out) const {
  out(node_jobs_);
  pool_.save(out);
}

void PodPacking::load(engine::StateReader& in) {
  ++version_;
  in(node_jobs_);
  pool_.load(in);
}

}  // namespace fleetsim::model
