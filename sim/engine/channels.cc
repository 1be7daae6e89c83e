#include "sim/engine/channels.h"

#include <algorithm>

namespace fleetsim::engine {

ChannelBounds::ChannelBounds(const LpTypeTable& types, const std::vector<int>& owner, int ranks)
    : k_(static_cast<int>(types.types().size())), ranks_(ranks), delay_(types.channel_delays()) {
  const auto k = static_cast<std::size_t>(k_);
  const auto r_count = static_cast<std::size_t>(ranks_);
  holds_.assign(r_count * k, 0);
  for (LpId id = 0; id < owner.size(); ++id) holds_[at(owner[id], types.type_index(id))] = 1;
  held_.resize(r_count);
  for (int r = 0; r < ranks_; ++r)
    for (int t = 0; t < k_; ++t)
      if (holds(r, t)) held_[static_cast<std::size_t>(r)].push_back(t);

  // Shortest chains of one or more sends between types (Floyd-Warshall without a zero diagonal:
  // the diagonal becomes the shortest cycle). Which ranks the LPs in between are on is left
  // out, so a chain is never longer than any that can happen.
  std::vector<Time> chain = delay_;
  for (int via = 0; via < k_; ++via)
    for (int a = 0; a < k_; ++a)
      for (int b = 0; b < k_; ++b)
        chain[at(a, b)] =
            std::min(chain[at(a, b)], add_delay(chain[at(a, via)], chain[at(via, b)]));

  local_.assign(r_count, kNever);
  reach_.assign(r_count * k, kNever);
  round_trip_.assign(r_count, kNever);
  for (int r = 0; r < ranks_; ++r) {
    const auto& mine = held_[static_cast<std::size_t>(r)];
    for (int a : mine)
      for (int b : mine)
        local_[static_cast<std::size_t>(r)] =
            std::min(local_[static_cast<std::size_t>(r)], delay(a, b));
    for (int t = 0; t < k_; ++t)
      for (int b : mine) reach_[at(r, t)] = std::min(reach_[at(r, t)], chain[at(t, b)]);
  }
  // Out of r to an LP of type t on another rank, then back.
  for (int r = 0; r < ranks_; ++r)
    for (int t = 0; t < k_; ++t) {
      bool elsewhere = false;
      for (int q = 0; q < ranks_ && !elsewhere; ++q) elsewhere = q != r && holds(q, t);
      if (!elsewhere) continue;
      for (int a : held_[static_cast<std::size_t>(r)])
        round_trip_[static_cast<std::size_t>(r)] =
            std::min(round_trip_[static_cast<std::size_t>(r)], add_delay(delay(a, t), reach(r, t)));
    }
}

void ChannelBounds::bound_others(int rank, const Time* next, Time* bound) const {
  for (int t : held_[static_cast<std::size_t>(rank)]) {
    if (next[t] == kNever) continue;
    const Time* reach = &reach_[at(0, t)];
    for (int r = 0; r < ranks_; ++r, reach += k_)
      if (r != rank) bound[r] = std::min(bound[r], add_delay(next[t], *reach));
  }
}

}  // namespace fleetsim::engine
