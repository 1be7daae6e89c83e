#include "sim/model/cluster/fifo_easy.h"

#include <algorithm>

#include "sim/model/cluster/conservative.h"

namespace fleetsim::model {

std::unique_ptr<SchedulingPolicy> make_policy(const SchedConfig& cfg) {
  // A depth of 0 examines no job behind the head: FIFO.
  if (cfg.backfill_depth == 0 || cfg.backfill == Backfill::kNone)
    return std::make_unique<FifoPolicy>();
  if (cfg.backfill == Backfill::kConservative)
    return std::make_unique<ConservativeBackfillPolicy>(cfg.backfill_depth);
  return std::make_unique<EasyBackfillPolicy>(cfg.backfill_depth);
}

void FifoPolicy::schedule(SchedulingView& view) {
  auto& queue = view.queue();
  while (!queue.empty() && view.placement().fits(view.demand(queue.front()))) {
    const std::int32_t j = queue.front();
    queue.pop_front();
    view.start(j);
  }
}

EasyBackfillPolicy::Reservation EasyBackfillPolicy::reserve(SchedulingView& view,
                                                            std::int32_t head) {
  const Time now = view.now();
  const Demand& need = view.demand(head);
  Placement& place = view.placement();
  Reservation r;
  place.what_if_begin();
  for (const auto& [est_end, j] : view.running()) {
    // Every job that ends by the shadow time frees its nodes by then, not only the first ones
    // that make the head fit.
    if (r.shadow != engine::kNever && est_end > r.shadow) break;
    place.what_if_release(view.demand(j), view.allocation(j));
    if (r.shadow == engine::kNever && place.what_if_fits(need)) r.shadow = std::max(est_end, now);
  }
  r.extra_nodes = place.what_if_spare_nodes(need);
  place.what_if_end();
  return r;
}

void EasyBackfillPolicy::schedule(SchedulingView& view) {
  FifoPolicy::schedule(view);
  auto& queue = view.queue();
  Placement& place = view.placement();
  if (queue.empty() || place.idle_gpus() == 0) return;
  const Time now = view.now();
  Reservation r = reserve(view, queue.front());
  const std::size_t depth = std::min(queue.size(), static_cast<std::size_t>(depth_) + 1);
  kept_.clear();
  for (std::size_t k = 1; k < depth; ++k) {
    const std::int32_t j = queue[k];
    const Demand& d = view.demand(j);
    bool go = false;
    if (place.idle_gpus() > 0 && place.fits(d)) {
      const int used = place.whole_nodes_used(d);
      if (now + view.time_limit(j) <= r.shadow) {
        go = true;
      } else if (used <= r.extra_nodes) {
        r.extra_nodes -= used;
        go = true;
      }
    }
    if (go) {
      view.start(j);
    } else {
      kept_.push_back(j);
    }
  }
  // Put the examined part of the queue back without the started jobs.
  const std::int32_t head = queue.front();
  queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(depth));
  queue.insert(queue.begin(), kept_.begin(), kept_.end());
  queue.push_front(head);
}

}  // namespace fleetsim::model
