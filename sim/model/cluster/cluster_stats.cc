#include "sim/model/cluster/cluster_stats.h"

namespace fleetsim::model {

ClusterStats::ClusterStats(const OutputConfig& out, int cluster, int first_pod, std::int64_t gpus)
    : event_log_(out.event_log),
      pod_timeline_on_(out.pod_timeline),
      cluster_(cluster),
      first_pod_(first_pod) {
  totals_.gpus = gpus;
}

void ClusterStats::advance(Time now, const Placement& place) {
  const double dt = engine::to_seconds(now - last_advance_);
  totals_.busy_gpu_seconds += dt * static_cast<double>(place.busy_gpus());
  totals_.failed_gpu_seconds += dt * static_cast<double>(place.failed_gpus());
  last_advance_ = now;
}

void ClusterStats::failure(const FailureRecord& rec) {
  totals_.interruptions += rec.jobs_interrupted;
  // Failures of a node's own parts (core::Component up to kOther); the network's and planned
  // maintenance are counted by kind in /failures_by_component.
  if (rec.component <= core::Component::kOther) ++totals_.node_failures;
  failures_.push_back(rec);
}

void ClusterStats::sample(Time now, const Placement& place, std::int64_t queued_gpus,
                          std::int32_t queued_jobs, std::int32_t running_jobs,
                          std::int64_t fragmented) {
  TimelineSample s;
  s.time = now;
  s.cluster = cluster_;
  s.busy = place.busy_gpus();
  s.idle = place.idle_gpus();
  s.failed = place.failed_gpus();
  s.queued_gpus = queued_gpus;
  s.queued_jobs = queued_jobs;
  s.running_jobs = running_jobs;
  s.fragmented = fragmented;
  timeline_.push_back(s);
  if (!pod_timeline_on_) return;
  for (int p = 0; p < place.pods(); ++p) {
    const std::int64_t busy = place.pod_busy_gpus(p), failed = place.pod_failed_gpus(p);
    pod_timeline_.push_back(
        {s.time, first_pod_ + p, cluster_, busy, place.pod_gpus() - busy - failed, failed});
  }
}

}  // namespace fleetsim::model
