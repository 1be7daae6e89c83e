// The channels between LP types and the bounds they give each rank (docs/engine.md, "How a run
// goes"). The LP type table declares, per sending type, the least delay of its sends to each
// other type; the partition says which types each rank holds. An event of type t pending on
// rank q (or on its way there) can cause an event on another rank r no earlier than its time plus
// the shortest chain of declared sends from t to a type r holds: the bound of r is the least such
// time over all other ranks' pending events. Chains that start with r's own sends are bounded
// when they are sent (Simulator::route): at the send's arrival plus the chain back.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/engine/lp_type.h"

namespace fleetsim::engine {

// a + b for non-negative times, kNever when either is kNever or the sum would overflow.
inline Time add_delay(Time a, Time b) { return a >= kNever - b ? kNever : a + b; }

class ChannelBounds {
 public:
  ChannelBounds() = default;
  // `owner`: the rank of every LP id (the partitioner's map), each in 0..ranks-1.
  ChannelBounds(const LpTypeTable& types, const std::vector<int>& owner, int ranks);

  int num_types() const { return k_; }
  int ranks() const { return ranks_; }
  // The least declared delay of a send from an LP of type `from` to another LP of type `to`
  // (kNever: the table declares none); a row per sending type.
  Time delay(int from, int to) const { return delay_[at(from, to)]; }
  const Time* delays_from(int from) const { return &delay_[at(from, 0)]; }
  bool holds(int rank, int type) const { return holds_[at(rank, type)] != 0; }
  // The least declared delay between two types `rank` holds (kNever: none): sends between its
  // own LPs are at least this far apart from the events that make them.
  Time local_lookahead(int rank) const { return local_[static_cast<std::size_t>(rank)]; }
  // The shortest chain of sends (one or more) from an LP of type `type` to an LP of a type that
  // `rank` holds (kNever: none): an event of that type on another rank causes nothing on `rank`
  // sooner after it.
  Time reach(int rank, int type) const { return reach_[at(rank, type)]; }
  // The shortest chain of sends that leaves `rank` and comes back to it (kNever: none; one rank:
  // none): an event `rank` handles causes nothing from other ranks on it sooner after it.
  Time round_trip(int rank) const { return round_trip_[static_cast<std::size_t>(rank)]; }
  // For every rank r other than `rank`: bound[r] = min(bound[r], next[t] + reach(r, t)) over the
  // types t that `rank` holds, next[t] being the earliest event of type t pending on `rank`
  // (kNever: none).
  void bound_others(int rank, const Time* next, Time* bound) const;

 private:
  std::size_t at(int row, int col) const { return static_cast<std::size_t>(row * k_ + col); }
  int k_ = 0, ranks_ = 1;
  std::vector<Time> delay_;             // k x k, row = sender
  std::vector<std::uint8_t> holds_;     // ranks x k
  std::vector<std::vector<int>> held_;  // per rank: the types it holds
  std::vector<Time> local_;             // per rank
  std::vector<Time> reach_;             // ranks x k
  std::vector<Time> round_trip_;        // per rank
};

}  // namespace fleetsim::engine
