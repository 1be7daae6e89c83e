// Accounting and sampling of one cluster: exact time integrals of busy and failed GPUs, one row
// per node failure, timeline and per-pod samples, and the optional job event log. It reads the
// cluster's state only through Placement's counts and what it is told.
#pragma once
#include <vector>

#include "sim/model/cluster/placement.h"
#include "sim/model/config.h"
#include "sim/model/records.h"

namespace fleetsim::model {

class ClusterStats {
 public:
  ClusterStats(const OutputConfig& out, int cluster, int first_pod, std::int64_t gpus);

  // Integrates busy and failed GPUs up to now; call before any change of either.
  void advance(Time now, const Placement& place);
  void job_event(Time t, const JobRecord& rec, JobEvent kind) {
    if (event_log_) events_.push_back({t, rec.job.id, cluster_, kind, rec.gpus_allocated});
  }
  void failure(const FailureRecord& rec);
  void sample(Time now, const Placement& place, std::int64_t queued_gpus, std::int32_t queued_jobs,
              std::int32_t running_jobs, std::int64_t fragmented);

  const ClusterTotals& totals() const { return totals_; }
  const std::vector<FailureRecord>& failures() const { return failures_; }
  const std::vector<TimelineSample>& timeline() const { return timeline_; }
  const std::vector<PodSample>& pod_timeline() const { return pod_timeline_; }
  const std::vector<EventRecord>& events() const { return events_; }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(last_advance_, totals_, failures_, timeline_, pod_timeline_, events_);
  }

 private:
  bool event_log_, pod_timeline_on_;
  int cluster_, first_pod_;
  Time last_advance_ = 0;
  ClusterTotals totals_;
  std::vector<FailureRecord> failures_;
  std::vector<TimelineSample> timeline_;
  std::vector<PodSample> pod_timeline_;
  std::vector<EventRecord> events_;
};

}  // namespace fleetsim::model
