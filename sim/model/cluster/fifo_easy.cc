#include "sim/model/cluster/fifo_easy.h"

#include <algorithm>

#include "sim/model/cluster/conservative.h"

namespace fleetsim::model {

std::unique_ptr<SchedulingPolicy> make_policy(const SchedConfig& cfg) {
  const int partitions = static_cast<int>(cfg.partitions.size());
  // A depth of 0 examines no job behind the head: FIFO.
  if (cfg.backfill_depth == 0 || cfg.backfill == Backfill::kNone)
    return std::make_unique<EasyBackfillPolicy>(0, partitions, cfg.resume_passes);
  if (cfg.backfill == Backfill::kConservative)
    return std::make_unique<ConservativeBackfillPolicy>(cfg.backfill_depth);
  return std::make_unique<EasyBackfillPolicy>(cfg.backfill_depth, partitions, cfg.resume_passes);
}

EasyBackfillPolicy::Reservation EasyBackfillPolicy::reserve(SchedulingView& view,
                                                            std::int32_t head) {
  const Time now = view.now();
  const Demand& need = view.demand(head);
  Placement& place = view.placement();
  Reservation r;
  r.partition = need.partition;
  r.pods = need.pods;
  place.what_if_begin(need.pods);
  for (const auto& [est_end, j] : view.running()) {
    // Every job that ends by the shadow time frees its nodes by then, not only the first ones
    // that make the head fit.
    if (r.shadow != engine::kNever && est_end > r.shadow) break;
    place.what_if_release(view.demand(j), view.allocation(j));
    if (r.shadow == engine::kNever && place.what_if_fits(need)) {
      r.fits_at = est_end;
      r.shadow = std::max(est_end, now);
    }
  }
  r.extra_nodes = place.what_if_spare_nodes(need);
  place.what_if_end();
  return r;
}

bool EasyBackfillPolicy::respects(SchedulingView& view, std::int32_t j, bool take) {
  const Demand& d = view.demand(j);
  const Time end = view.now() + view.time_limit(j);
  for (const bool apply : {false, true}) {
    if (apply && !take) break;
    for (auto& r : held_) {
      if (end <= r.shadow || !d.pods.overlaps(r.pods)) continue;
      const int used = view.placement().whole_nodes_used_in(d, r.pods);
      if (!apply && used > r.extra_nodes) return false;
      if (apply) r.extra_nodes -= used;
    }
  }
  return true;
}

bool EasyBackfillPolicy::unchanged_since_last(SchedulingView& view) const {
  if (!resume_passes_ || last_.started) return false;
  if (view.placement().version() != last_.placement_version || view.version() != last_.view_version)
    return false;
  const auto& queue = view.queue();
  return queue.size() >= last_.read.size() &&
         std::equal(last_.read.begin(), last_.read.end(), queue.begin());
}

void EasyBackfillPolicy::schedule(SchedulingView& view) {
  auto& queue = view.queue();
  Placement& place = view.placement();
  std::size_t k = 0, examined = 0;
  ++passes_;
  if (unchanged_since_last(view)) {
    ++resumed_;
    if (!last_.went_through) return;  // it would stop where the last pass did, starting none
    // Go on from the end of the last pass: kept_ is what it read, all kept.
    k = kept_.size();
    examined = last_.examined;
    for (Reservation& r : held_) r.shadow = std::max(r.fits_at, view.now());
  } else {
    held_.clear();
    blocked_.clear();
    kept_.clear();
  }
  bool started = false, stopped = false;
  for (; k < queue.size() && place.idle_gpus() > 0; ++k) {
    const std::int32_t j = queue[k];
    const Demand& d = view.demand(j);
    const bool head = std::find(blocked_.begin(), blocked_.end(), d.partition) == blocked_.end();
    if (!blocked_.empty() && !head) {
      // Behind a blocked head: FIFO examines none, EASY up to depth of them.
      if (depth_ == 0) {
        if (blocked_.size() == partitions_) {  // every partition waits
          stopped = true;
          break;
        }
        kept_.push_back(j);
        continue;
      }
      if (++examined > static_cast<std::size_t>(depth_)) {
        stopped = true;
        break;
      }
    }
    const bool fits = place.fits(d);
    if (fits && respects(view, j, true)) {
      view.start(j);
      started = true;
      continue;
    }
    kept_.push_back(j);
    if (head) {
      blocked_.push_back(d.partition);
      // A head that fits but would delay another partition's reservation waits for that one:
      // it reserves nothing (its own start is not known), and jobs behind it may go.
      if (depth_ > 0 && !fits) held_.push_back(reserve(view, j));
    }
  }
  // What the next pass may resume (it looked at queue[0, k], the job it stopped at included).
  last_.started = started;
  if (!started && resume_passes_) {
    last_.went_through = k == queue.size();
    last_.placement_version = place.version();
    last_.view_version = view.version();
    last_.examined = examined;
    const std::size_t read = std::min(queue.size(), k + (stopped ? 1 : 0));
    last_.read.assign(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(read));
    return;  // the queue is unchanged: kept_ is queue[0, k)
  }
  // Put the examined part of the queue back without the started jobs.
  queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(k));
  queue.insert(queue.begin(), kept_.begin(), kept_.end());
}

}  // namespace fleetsim::model
