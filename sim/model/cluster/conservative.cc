#include "sim/model/cluster/conservative.h"

#include <algorithm>

namespace fleetsim::model {
namespace {

Time end_of(Time start, Time length) {
  return length >= engine::kNever - start ? engine::kNever : start + length;
}

}  // namespace

void NodeProfile::reset(Time now, int free_now) {
  steps_.clear();
  steps_.emplace_back(now, free_now);
}

void NodeProfile::release_at(Time t, int nodes) {
  if (t == steps_.back().first) {
    steps_.back().second += nodes;
  } else {
    steps_.emplace_back(t, steps_.back().second + nodes);
  }
}

std::size_t NodeProfile::earliest(int nodes, Time length) const {
  std::size_t i = 0;
  while (i < steps_.size()) {
    if (steps_[i].second < nodes) {
      ++i;
      continue;
    }
    const Time end = end_of(steps_[i].first, length);
    std::size_t k = i + 1;
    while (k < steps_.size() && steps_[k].first < end && steps_[k].second >= nodes) ++k;
    if (k == steps_.size() || steps_[k].first >= end) return i;
    i = k + 1;  // entry k has too few: no start before it can hold
  }
  return kNone;
}

void NodeProfile::reserve(std::size_t i, int nodes, Time length) {
  const Time end = end_of(steps_[i].first, length);
  auto it = std::lower_bound(steps_.begin() + static_cast<std::ptrdiff_t>(i) + 1, steps_.end(), end,
                             [](const std::pair<Time, int>& s, Time t) { return s.first < t; });
  // The nodes come back at the end (never, for an endless limit).
  if (end < engine::kNever && (it == steps_.end() || it->first != end))
    it = steps_.insert(it, {end, (it - 1)->second});
  for (auto s = steps_.begin() + static_cast<std::ptrdiff_t>(i); s != it; ++s) s->second -= nodes;
}

void ConservativeBackfillPolicy::schedule(SchedulingView& view) {
  auto& queue = view.queue();
  Placement& place = view.placement();
  if (queue.empty() || place.idle_gpus() == 0) return;
  const Time now = view.now();
  // The profile: free whole nodes now, then as running jobs reach their time limits.
  place.what_if_begin();
  profile_.reset(now, place.what_if_free_nodes());
  int counted = profile_.free(0);
  for (const auto& [est_end, j] : view.running()) {
    place.what_if_release(view.demand(j), view.allocation(j));
    const int free = place.what_if_free_nodes();
    profile_.release_at(std::max(est_end, now), free - counted);
    counted = free;
  }
  place.what_if_end();

  const std::size_t depth = std::min(queue.size(), static_cast<std::size_t>(depth_) + 1);
  kept_.clear();
  std::size_t k = 0;
  // Once nothing is idle, no later job can start now: their reservations would change nothing.
  for (; k < depth && place.idle_gpus() > 0; ++k) {
    const std::int32_t j = queue[k];
    const Demand& d = view.demand(j);
    const Time limit = std::max<Time>(view.time_limit(j), 1);
    bool go = false;
    if (!d.whole_nodes && place.fits(d) && place.whole_nodes_used(d) == 0) {
      go = true;  // on a partly used node: charged nothing (the sub-node approximation)
    } else {
      const int nodes = d.whole_nodes ? d.nodes_needed : 1;
      const std::size_t at = profile_.earliest(nodes, limit);
      if (at != NodeProfile::kNone) {
        go = profile_.time(at) == now && place.fits(d);
        profile_.reserve(at, nodes, limit);
      }
    }
    if (go) {
      view.start(j);
    } else {
      kept_.push_back(j);
    }
  }
  // Put the examined part of the queue back without the started jobs.
  queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(k));
  queue.insert(queue.begin(), kept_.begin(), kept_.end());
}

}  // namespace fleetsim::model
