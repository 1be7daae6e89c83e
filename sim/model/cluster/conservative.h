// Conservative backfilling (Mu'alem and Feitelson, IEEE TPDS 2001), on the users' time limits.
//
// Every queued job examined (the head and up to sched.backfill_depth behind it), in queue order,
// gets a reservation: the earliest time at which it fits, for its whole time limit, in a profile
// of future free capacity. The profile starts as the whole nodes free now, and gains the nodes
// of each running job at its estimated end (start + time limit; a job already past its limit is
// taken to end now); each reservation takes its nodes from the profile over [start, start +
// limit). A job whose reservation is now, and which fits now, starts. So a job starts ahead of
// an earlier one only when it delays no earlier job's reservation. Reservations are rebuilt from
// scratch at every pass, in queue order: the paper's compression after an early end, done as a
// full rebuild (a reservation can then only move earlier or be taken by an earlier job).
//
// Capacity is counted in whole nodes (gangs take whole nodes). Sub-node jobs, the approximation:
// one that fits now on a partly used node starts at once and is charged nothing (it may keep
// that node from freeing when the profile expects: EASY's extra nodes have the same blind spot);
// one that needs a free node now, or cannot start now, is charged one whole node.
#pragma once
#include <utility>
#include <vector>

#include "sim/model/cluster/scheduling_policy.h"

namespace fleetsim::model {

// Free whole nodes over future time: (from time, free nodes until the next entry's time); the
// last entry holds forever.
class NodeProfile {
 public:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  void reset(Time now, int free_now);
  // Adds `nodes` from time t on (t at or after the last entry's time).
  void release_at(Time t, int nodes);
  // The entry at which `nodes` are free for `length` from its time on; kNone when never.
  std::size_t earliest(int nodes, Time length) const;
  // Takes `nodes` over [time of entry i, + length).
  void reserve(std::size_t i, int nodes, Time length);
  Time time(std::size_t i) const { return steps_[i].first; }
  int free(std::size_t i) const { return steps_[i].second; }
  std::size_t size() const { return steps_.size(); }

 private:
  std::vector<std::pair<Time, int>> steps_;
};

class ConservativeBackfillPolicy final : public SchedulingPolicy {
 public:
  explicit ConservativeBackfillPolicy(int depth) : depth_(depth) {}
  void schedule(SchedulingView& view) override;

 private:
  int depth_;
  NodeProfile profile_;
  std::vector<std::int32_t> kept_;
};

}  // namespace fleetsim::model
