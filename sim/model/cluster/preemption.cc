#include "sim/model/cluster/preemption.h"

#include <algorithm>
#include <tuple>

namespace fleetsim::model {

bool preempt_first(const PreemptCandidate& a, const PreemptCandidate& b) {
  return std::make_tuple(a.priority, -a.started, -a.job) <
         std::make_tuple(b.priority, -b.started, -b.job);
}

std::vector<std::int32_t> choose_victims(SchedulingView& view, std::int32_t job,
                                         std::vector<PreemptCandidate> candidates) {
  const Demand& need = view.demand(job);
  Placement& place = view.placement();
  // A job with no node in the preemptor's partition would be stopped for nothing: left out
  // before the sort (on a cluster split by partitions, most running jobs are).
  if (!need.pods.all())
    std::erase_if(candidates, [&](const PreemptCandidate& c) {
      const Allocation& alloc = view.allocation(c.job);
      return std::none_of(alloc.begin(), alloc.end(),
                          [&](std::int32_t node) { return need.pods.has(place.pod_of(node)); });
    });
  std::sort(candidates.begin(), candidates.end(), preempt_first);
  std::vector<std::int32_t> victims;
  bool fits = false;
  place.what_if_begin(need.pods);
  for (const auto& c : candidates) {
    place.what_if_release(view.demand(c.job), view.allocation(c.job));
    victims.push_back(c.job);
    if (place.what_if_fits(need)) {
      fits = true;
      break;
    }
  }
  place.what_if_end();
  if (!fits) victims.clear();
  return victims;
}

}  // namespace fleetsim::model
