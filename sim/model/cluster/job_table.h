// A cluster's jobs by cluster job index j (arrival order), stored so that memory follows the jobs
// alive, not the jobs seen: a queued or running job has its whole live state (`Job`: record,
// demand, allocation, progress...), and a job that has ended for good keeps only its final
// JobRecord. A trace of 10M jobs replays within 4 GiB because of this (bench/README.md, "Trace
// readers and replay"): a live state is ~400 bytes with its allocation, a record ~200.
//
// Live states sit in reused slots (a free list, last freed first), records in fixed-size chunks
// appended in order of retirement (no vector doubling: its copy would hold twice the records at
// once). Everything here is a function of the calls made, so the state serialized for a snapshot
// is the same bytes on any rank or thread count.
#pragma once
#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/model/records.h"

namespace fleetsim::model {

// `Job` is the cluster's live state of a job; it has a JobRecord `rec`, default-constructs empty
// (so that a freed slot holds no heap memory) and serializes with cereal.
template <class Job>
class JobTable {
 public:
  // A newly admitted job; returns its index j.
  std::int32_t add(Job job) {
    std::int32_t s;
    if (free_.empty()) {
      s = static_cast<std::int32_t>(live_.size());
      live_.push_back(std::move(job));
    } else {
      s = free_.back();
      free_.pop_back();
      live_[static_cast<std::size_t>(s)] = std::move(job);
    }
    where_.push_back(s);
    return static_cast<std::int32_t>(where_.size() - 1);
  }

  // Jobs ever added: j runs over [0, size()).
  std::size_t size() const { return where_.size(); }
  // Whether job j still has its live state (neither retired nor dropped). Events that may
  // arrive after a job ended (stale ends, time limits, shares, switch waits) ask this first.
  bool live(std::int32_t j) const { return where_[static_cast<std::size_t>(j)] >= 0; }

  // A live job's state.
  Job& operator[](std::int32_t j) { return live_[slot(j)]; }
  const Job& operator[](std::int32_t j) const { return live_[slot(j)]; }

  // Job j has ended for good: its final record is kept, its live state freed.
  void retire(std::int32_t j) {
    const std::size_t s = slot(j);
    if (done_.empty() || done_.back().size() == kChunk) {
      done_.emplace_back();
      done_.back().reserve(kChunk);
    }
    done_.back().push_back(live_[s].rec);
    where_[static_cast<std::size_t>(j)] = -static_cast<std::int32_t>(retired_++) - 1;
    free_slot(s);
  }
  // Job j left the cluster (given back to the router): nothing of it is kept.
  void drop(std::int32_t j) {
    free_slot(slot(j));
    where_[static_cast<std::size_t>(j)] = kDropped;
  }

  // Job j's record, live or retired; nullptr when dropped.
  const JobRecord* record(std::int32_t j) const {
    const std::int32_t w = where_[static_cast<std::size_t>(j)];
    if (w >= 0) return &live_[static_cast<std::size_t>(w)].rec;
    if (w == kDropped) return nullptr;
    const auto k = static_cast<std::size_t>(-(w + 1));
    return &done_[k / kChunk][k % kChunk];
  }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(where_, live_, free_, retired_);
    if constexpr (Archive::is_loading::value) {
      done_.clear();
      for (std::uint64_t k = 0; k < retired_; ++k) {
        if (k % kChunk == 0) {
          done_.emplace_back();
          done_.back().reserve(kChunk);
        }
        done_.back().emplace_back();
        ar(done_.back().back());
      }
    } else {
      for (auto& chunk : done_)
        for (auto& rec : chunk) ar(rec);
    }
  }

 private:
  static constexpr std::size_t kChunk = 4096;
  static constexpr std::int32_t kDropped = std::numeric_limits<std::int32_t>::min();

  std::size_t slot(std::int32_t j) const {
    const std::int32_t w = where_[static_cast<std::size_t>(j)];
    if (w < 0) throw std::logic_error("cluster job table: job " + std::to_string(j) + " has ended");
    return static_cast<std::size_t>(w);
  }
  void free_slot(std::size_t s) {
    live_[s] = Job{};
    free_.push_back(static_cast<std::int32_t>(s));
  }

  // Per job j: its live slot (>= 0), its retired record k as -(k + 1), or kDropped.
  std::vector<std::int32_t> where_;
  std::vector<Job> live_;
  std::vector<std::int32_t> free_;
  std::vector<std::vector<JobRecord>> done_;  // retired records, kChunk per chunk
  std::uint64_t retired_ = 0;
};

}  // namespace fleetsim::model
