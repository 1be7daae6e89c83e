// NodePool's per-gang paths: picking and taking or giving back many whole nodes at once. A trace
// replayed on a large machine of one-GPU nodes (Curie: 93,312) moves hundreds of millions of
// nodes in all. Gangs are picked lowest free nodes first, so they come as runs of consecutive
// nodes, and an Allocation holds them as such (sim/model/allocation.h): these paths work a run
// at a time (a byte range, bitset words, a count per pod), not a node at a time.
#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>

#include "sim/model/node_pool.h"

namespace fleetsim::model {

namespace {

// Nodes counted per group of `size` consecutive nodes (a pod, a block), each group's count
// applied when a run leaves it: a division only where the group changes.
struct RunCount {
  int size;
  int group = -1, lo = 0, hi = 0, n = 0;

  // Counts nodes [a, a + len).
  template <class Apply>
  void add(int a, int len, Apply&& apply) {
    while (len > 0) {
      if (a < lo || a >= hi) {
        flush(apply);
        group = a / size;
        lo = group * size;
        hi = lo + size;
      }
      const int in = std::min(len, hi - a);
      n += in;
      a += in;
      len -= in;
    }
  }
  template <class Apply>
  void flush(Apply&& apply) {
    if (n != 0) apply(group, n);
    n = 0;
  }
};

}  // namespace

void NodePool::append_full_free(int from, int to, int want, Allocation& out) const {
  const NodeBitset& bits = bucket_[static_cast<std::size_t>(gpn_)];
  int pos = from;
  while (want > 0) {
    // The next run of free nodes [pos, end), no longer than what is still wanted.
    pos = bits.next_set(pos);
    if (pos >= to) throw std::logic_error("pick_whole_nodes: not enough free nodes");
    const int end = bits.next_clear(pos, std::min(to, pos + want));
    out.append(pos, end - pos);
    want -= end - pos;
    pos = end;
  }
}

void NodePool::take_all(const Allocation& nodes, int gpus) {
  if (gpus != gpn_) {
    for (int node : nodes) take(node, gpus);
    return;
  }
  move_whole(nodes, -1);
}

void NodePool::give_all(const Allocation& nodes, int gpus) {
  if (gpus != gpn_) {
    for (int node : nodes) give(node, gpus);
    return;
  }
  move_whole(nodes, +1);
}

void NodePool::move_whole(const Allocation& nodes, int sign) {
  // Taking a whole node moves it from the all-free bucket to zero free, which is not indexed;
  // giving it back, the reverse. Per run of consecutive nodes: its health and free counts
  // checked and set as byte ranges, its bits a word at a time, its count once per pod and block.
  const bool taking = sign < 0;
  const auto old_free = static_cast<std::uint8_t>(taking ? gpn_ : 0);
  const auto new_free = static_cast<std::uint8_t>(taking ? 0 : gpn_);
  std::int64_t moved = 0;
  RunCount pod{nodes_per_pod_};
  auto apply_pod = [&](int p, int n) {
    pod_full_free_[static_cast<std::size_t>(p)] += sign * n;
    pod_busy_[static_cast<std::size_t>(p)] -= std::int64_t{sign} * n * gpn_;
  };
  std::vector<RunCount> blocks;
  for (int size : block_nodes_) blocks.push_back(RunCount{size});
  auto move_run = [&](int a, int len) {
    if (len <= 0) return;
    std::memset(&free_[static_cast<std::size_t>(a)], new_free, static_cast<std::size_t>(len));
    bucket_[static_cast<std::size_t>(gpn_)].assign(a, len, !taking);
    pod.add(a, len, apply_pod);
    for (std::size_t l = 0; l < blocks.size(); ++l)
      blocks[l].add(a, len, [&](int b, int n) {
        block_full_free_[l][static_cast<std::size_t>(b)] += sign * n;
      });
    moved += len;
  };
  // Applies the counts of what has moved; also before a throw, which then leaves the state that
  // take()/give() node by node would have left.
  auto flush = [&] {
    pod.flush(apply_pod);
    for (std::size_t l = 0; l < blocks.size(); ++l)
      blocks[l].flush(
          [&](int b, int n) { block_full_free_[l][static_cast<std::size_t>(b)] += sign * n; });
    bucket_size_[static_cast<std::size_t>(gpn_)] += static_cast<int>(sign * moved);
    full_free_ += static_cast<int>(sign * moved);
    busy_ -= sign * moved * gpn_;
    idle_ += sign * moved * gpn_;
  };
  for (const Allocation::Run& run : nodes.runs()) {
    const int a = run.first, len = run.count;
    // take(): up with every GPU free; give(): nothing free (a gang's node, all its GPUs back).
    const std::uint8_t* f = &free_[static_cast<std::size_t>(a)];
    const std::uint8_t* u = &up_[static_cast<std::size_t>(a)];
    auto fine = [&](int k) { return f[k] == old_free && (!taking || u[k] == kUp); };
    // Byte differences OR-ed without an early exit: the loops vectorize.
    std::uint8_t bad = 0;
    if (taking)
      for (int k = 0; k < len; ++k) bad |= (f[k] ^ old_free) | (u[k] ^ kUp);
    else
      for (int k = 0; k < len; ++k) bad |= f[k] ^ old_free;
    if (bad != 0) {
      int ok = 0;
      while (fine(ok)) ++ok;
      move_run(a, ok);
      flush();
      throw std::logic_error(taking ? "NodePool::take: not free"
                                    : "NodePool::give: more than the node has");
    }
    move_run(a, len);
  }
  flush();
}

}  // namespace fleetsim::model
