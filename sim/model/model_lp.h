// The fleet's LPs as the output sees them: each hands over its rows of the output tables through
// report(), so sim/io reads results without knowing the concrete LP classes.
#pragma once
#include <optional>
#include <span>
#include <vector>

#include "sim/engine/lp.h"
#include "sim/model/records.h"

namespace fleetsim::model {

// One cluster's row of /clusters.
struct ClusterRow {
  std::int32_t cluster = 0;
  std::int32_t pods = 0;
  ClusterTotals totals;
};

// What one LP contributes to the output; tables it has no rows for stay empty. The spans and
// pointers stay valid as long as the LP lives.
struct LpReport {
  std::vector<const JobRecord*> jobs;  // any order: the output orders /jobs by id
  std::span<const FailureRecord> failures;
  std::span<const TimelineSample> timeline;
  std::span<const PodSample> pod_timeline;
  std::span<const EventRecord> events;
  std::optional<ClusterRow> cluster;
};

class ModelLp : public engine::Lp {
 public:
  // Called after finish(). The default: nothing to report.
  virtual void report(LpReport& out) const {}
};

}  // namespace fleetsim::model
