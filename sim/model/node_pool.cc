#include "sim/model/node_pool.h"

#include <algorithm>
#include <bit>
#include <cereal/types/vector.hpp>
#include <numeric>
#include <stdexcept>

namespace fleetsim::model {

NodePool::NodePool(int pods, int nodes_per_pod, int gpus_per_node)
    : nodes_per_pod_(nodes_per_pod), gpn_(gpus_per_node) {
  const int n = pods * nodes_per_pod;
  free_.assign(n, static_cast<std::uint8_t>(gpn_));
  up_.assign(n, 1);
  pod_order_.resize(pods);
  rebuild();
}

void NodePool::rebuild() {
  const int n = nodes(), pods = n / nodes_per_pod_;
  bucket_.assign(gpn_ + 1, NodeBitset(n));
  bucket_size_.assign(gpn_ + 1, 0);
  pod_full_free_.assign(pods, 0);
  block_full_free_.assign(block_nodes_.size(), {});
  for (std::size_t l = 0; l < block_nodes_.size(); ++l)
    block_full_free_[l].assign((n + block_nodes_[l] - 1) / block_nodes_[l], 0);
  pod_busy_.assign(pods, 0);
  pod_failed_.assign(pods, 0);
  full_free_ = 0;
  busy_ = idle_ = failed_ = 0;
  for (int node = 0; node < n; ++node) {
    if (up_[node] == kHeld) {
      idle_ += gpn_;
      continue;
    }
    if (up_[node] != kUp) {
      failed_ += gpn_;
      pod_failed_[pod_of(node)] += gpn_;
      continue;
    }
    index_add(node);
    busy_ += gpn_ - free_[node];
    idle_ += free_[node];
    pod_busy_[pod_of(node)] += gpn_ - free_[node];
  }
}

void NodePool::save(engine::StateWriter& out) const { out(free_, up_); }

void NodePool::load(engine::StateReader& in) {
  in(free_, up_);
  rebuild();
}

void NodePool::index_add(int node) {
  const int k = free_[node];
  if (k == 0) return;
  bucket_[k].set(node);
  ++bucket_size_[k];
  if (k == gpn_) {
    ++pod_full_free_[pod_of(node)];
    ++full_free_;
    for (std::size_t l = 0; l < block_nodes_.size(); ++l)
      ++block_full_free_[l][node / block_nodes_[l]];
  }
}

void NodePool::index_remove(int node) {
  const int k = free_[node];
  if (k == 0) return;
  bucket_[k].reset(node);
  --bucket_size_[k];
  if (k == gpn_) {
    --pod_full_free_[pod_of(node)];
    --full_free_;
    for (std::size_t l = 0; l < block_nodes_.size(); ++l)
      --block_full_free_[l][node / block_nodes_[l]];
  }
}

int NodePool::find_in_bucket(int k, int from, int to) const {
  const int node = bucket_[k].next_set(from);
  return node < to ? node : -1;
}

NodePool::NodeRange NodePool::nodes_of(PodRange r) const {
  if (r.all()) return {0, nodes()};
  return {r.first * nodes_per_pod_, r.end * nodes_per_pod_};
}

int NodePool::full_free_nodes(PodRange r) const {
  if (r.all()) return full_free_;
  int n = 0;
  for (int p = r.first; p < r.end; ++p) n += pod_full_free_[p];
  return n;
}

int NodePool::count_full_free(int from, int to) const {
  int n = 0;
  const auto& bits = bucket_[gpn_];
  for (int w = from >> 6; w * 64 < to; ++w) {
    std::uint64_t word = bits.word(w);
    if (w == (from >> 6)) word &= ~std::uint64_t{0} << (from & 63);
    if ((w + 1) * 64 > to) word &= ~(~std::uint64_t{0} << (to & 63));
    n += std::popcount(word);
  }
  return n;
}

int NodePool::best_partial_node(int gpus, PodRange r) const {
  const NodeRange in = nodes_of(r);
  for (int k = gpus; k <= gpn_; ++k) {
    if (bucket_size_[k] == 0) continue;
    const int node = find_in_bucket(k, in.from, in.to);
    if (node >= 0) return node;
  }
  return -1;
}

void NodePool::set_blocks(const std::vector<int>& block_nodes) {
  block_nodes_.clear();
  for (int size : block_nodes)
    if (size > 0 && size < nodes() && (block_nodes_.empty() || size % block_nodes_.back() == 0))
      block_nodes_.push_back(size);
  rebuild();
}

int NodePool::block_size(int level) const {
  return level < static_cast<int>(block_nodes_.size()) ? block_nodes_[level] : nodes();
}

int NodePool::block_free(int level, int block, NodeRange in) const {
  const int size = block_size(level);
  const int from = block * size, to = std::min(nodes(), from + size);
  if (to <= in.from || from >= in.to) return 0;
  if (from < in.from || to > in.to)
    return count_full_free(std::max(from, in.from), std::min(to, in.to));
  return level < static_cast<int>(block_nodes_.size()) ? block_full_free_[level][block]
                                                       : full_free_;
}

void NodePool::fill_block(int level, int block, int want, Allocation& out, NodeRange in) const {
  const int size = block_size(level);
  const int from = std::max(block * size, in.from),
            to = std::min({nodes(), block * size + size, in.to});
  if (level == 0) return append_full_free(from, to, want, out);
  const int sub = block_size(level - 1);
  const int first = from / sub, last = (to + sub - 1) / sub;  // sub-blocks [first, last)
  int best = -1;
  for (int b = first; b < last; ++b)
    if (block_free(level - 1, b, in) >= want &&
        (best < 0 || block_free(level - 1, b, in) < block_free(level - 1, best, in)))
      best = b;
  if (best >= 0) return fill_block(level - 1, best, want, out, in);
  std::vector<int> order(static_cast<std::size_t>(last - first));
  std::iota(order.begin(), order.end(), first);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return block_free(level - 1, a, in) > block_free(level - 1, b, in);
  });
  for (int b : order) {
    const int n = std::min(want, block_free(level - 1, b, in));
    if (n > 0) fill_block(level - 1, b, n, out, in);
    want -= n;
    if (want == 0) return;
  }
}

void NodePool::pick_whole_nodes(int count, Allocation& out, PodRange r) const {
  if (count > full_free_nodes(r)) throw std::logic_error("pick_whole_nodes: not enough free nodes");
  const NodeRange in = nodes_of(r);
  if (!block_nodes_.empty()) {
    // The lowest level with a block that holds the whole gang, then its tightest such block.
    const int levels = static_cast<int>(block_nodes_.size());
    for (int level = 0; level < levels; ++level) {
      if (block_nodes_[level] < count) continue;
      int best = -1;
      const int blocks = static_cast<int>(block_full_free_[level].size());
      for (int b = 0; b < blocks; ++b) {
        const int f = block_free(level, b, in);
        if (f >= count && (best < 0 || f < block_free(level, best, in))) best = b;
      }
      if (best >= 0) return fill_block(level, best, count, out, in);
    }
    return fill_block(levels, 0, count, out, in);
  }
  auto take_from_pod = [&](int pod, int want) {
    append_full_free(pod * nodes_per_pod_, (pod + 1) * nodes_per_pod_, want, out);
  };
  const int first_pod = r.all() ? 0 : r.first;
  const int end_pod = r.all() ? static_cast<int>(pod_full_free_.size()) : r.end;
  int best = -1;
  for (int p = first_pod; p < end_pod; ++p)
    if (pod_full_free_[p] >= count && (best < 0 || pod_full_free_[p] < pod_full_free_[best]))
      best = p;
  if (best >= 0) {
    take_from_pod(best, count);
    return;
  }
  pod_order_.resize(static_cast<std::size_t>(end_pod - first_pod));
  std::iota(pod_order_.begin(), pod_order_.end(), first_pod);
  std::stable_sort(pod_order_.begin(), pod_order_.end(),
                   [&](int a, int b) { return pod_full_free_[a] > pod_full_free_[b]; });
  for (int p : pod_order_) {
    const int n = std::min(count, pod_full_free_[p]);
    take_from_pod(p, n);
    count -= n;
    if (count == 0) return;
  }
}

void NodePool::take(int node, int gpus) {
  if (up_[node] != kUp || free_[node] < gpus) throw std::logic_error("NodePool::take: not free");
  index_remove(node);
  free_[node] = static_cast<std::uint8_t>(free_[node] - gpus);
  index_add(node);
  busy_ += gpus;
  idle_ -= gpus;
  pod_busy_[pod_of(node)] += gpus;
}

void NodePool::give(int node, int gpus) {
  if (free_[node] + gpus > gpn_) throw std::logic_error("NodePool::give: more than the node has");
  index_remove(node);
  free_[node] = static_cast<std::uint8_t>(free_[node] + gpus);
  index_add(node);
  busy_ -= gpus;
  idle_ += gpus;
  pod_busy_[pod_of(node)] -= gpus;
}

void NodePool::set_down(int node) {
  if (up_[node] != kUp || free_[node] != gpn_)
    throw std::logic_error("NodePool::set_down: busy node");
  index_remove(node);
  up_[node] = kDown;
  idle_ -= gpn_;
  failed_ += gpn_;
  pod_failed_[pod_of(node)] += gpn_;
}

void NodePool::hold(int node) {
  if (up_[node] != kUp || free_[node] != gpn_) throw std::logic_error("NodePool::hold: busy node");
  index_remove(node);
  up_[node] = kHeld;
}

void NodePool::unhold(int node) {
  if (up_[node] != kHeld) throw std::logic_error("NodePool::unhold: node is not held");
  up_[node] = kUp;
  index_add(node);
}

void NodePool::set_up(int node) {
  if (up_[node] != kDown) throw std::logic_error("NodePool::set_up: node is not down");
  up_[node] = kUp;
  index_add(node);
  idle_ += gpn_;
  failed_ -= gpn_;
  pod_failed_[pod_of(node)] -= gpn_;
}

}  // namespace fleetsim::model
