// A job's nodes, held as runs of consecutive node ids in the order they were placed. Gangs are
// picked lowest free node first (sim/model/node_pool.h), so a gang of thousands of nodes is a
// handful of runs: placing, releasing and checking it costs per run, not per node. A replay of
// CEA-Curie (93,312 one-GPU nodes) moves 215M nodes in all; as node lists that was a write and
// three reads of each id.
//
// It reads as the list of node ids it stands for: iteration, size() and front() are over nodes,
// and it serializes as that list (the snapshot format of the std::vector it replaced).
#pragma once
#include <cereal/types/vector.hpp>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <vector>

namespace fleetsim::model {

class Allocation {
 public:
  struct Run {
    std::int32_t first, count;  // nodes [first, first + count); count >= 1
    bool operator==(const Run&) const = default;
  };

  // The node ids, one by one, in placement order.
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::int32_t;
    using difference_type = std::ptrdiff_t;
    using pointer = const std::int32_t*;
    using reference = std::int32_t;

    const_iterator() = default;
    const_iterator(const Run* run, std::int32_t k) : run_(run), k_(k) {}
    std::int32_t operator*() const { return run_->first + k_; }
    const_iterator& operator++() {
      if (++k_ == run_->count) {
        ++run_;
        k_ = 0;
      }
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator was = *this;
      ++*this;
      return was;
    }
    bool operator==(const const_iterator&) const = default;

   private:
    const Run* run_ = nullptr;
    std::int32_t k_ = 0;
  };

  Allocation() = default;
  Allocation(std::initializer_list<std::int32_t> nodes) {
    for (std::int32_t n : nodes) push_back(n);
  }
  explicit Allocation(const std::vector<std::int32_t>& nodes) {
    for (std::int32_t n : nodes) push_back(n);
  }

  // Appends nodes [first, first + count), joining the last run when they continue it.
  void append(std::int32_t first, std::int32_t count) {
    if (count <= 0) return;
    if (!runs_.empty() && runs_.back().first + runs_.back().count == first)
      runs_.back().count += count;
    else
      runs_.push_back({first, count});
    nodes_ += count;
  }
  void push_back(std::int32_t node) { append(node, 1); }
  void append(const Allocation& more) {
    for (const Run& r : more.runs_) append(r.first, r.count);
  }
  void clear() {
    runs_.clear();
    nodes_ = 0;
  }

  std::size_t size() const { return static_cast<std::size_t>(nodes_); }  // nodes
  bool empty() const { return nodes_ == 0; }
  std::int32_t front() const { return runs_.front().first; }
  const std::vector<Run>& runs() const { return runs_; }
  const_iterator begin() const { return {runs_.data(), 0}; }
  const_iterator end() const { return {runs_.data() + runs_.size(), 0}; }
  std::vector<std::int32_t> nodes() const { return {begin(), end()}; }

  bool operator==(const Allocation&) const = default;

  // cereal: the node ids as a list, as when an allocation was a std::vector.
  template <class Archive>
  void save(Archive& ar) const {
    ar(nodes());
  }
  template <class Archive>
  void load(Archive& ar) {
    std::vector<std::int32_t> nodes;
    ar(nodes);
    clear();
    for (std::int32_t n : nodes) push_back(n);
  }

 private:
  std::vector<Run> runs_;
  std::int32_t nodes_ = 0;
};

}  // namespace fleetsim::model
