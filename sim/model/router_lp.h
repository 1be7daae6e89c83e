// The router: pulls jobs from the workload source at their submit times, numbers them, and sends
// each to a cluster: the one with the least queued GPU demand (relative to its size; ties go to
// the least busy, then the lowest index), among those large enough. A job larger than every
// cluster is rejected, shrunk to a share of the largest cluster, or (sched.oversize = span) sent
// to the span coordinator to run across sites; a tenant pinned to one cluster is shrunk instead.
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "sim/model/fleet_map.h"
#include "sim/model/job_speed.h"
#include "sim/model/model_lp.h"
#include "traces/job_source.h"

namespace fleetsim::model {

// Makes the workload source; called again on restore. A source is deterministic (it depends on
// the configuration and the seed only), which is what lets a restored router skip to its place.
using JobSourceFactory = std::function<std::unique_ptr<traces::JobSource>(engine::Context&)>;

class RouterLp final : public engine::StatefulLp<RouterLp, ModelLp> {
 public:
  // `first_cluster`: the LP id of cluster 0; cluster c is first_cluster + c. `span`: the span
  // coordinator's (sched.oversize = span).
  RouterLp(const ModelConfig& cfg, const FleetMap& map, engine::LpId first_cluster,
           JobSourceFactory make_source, engine::LpId span = 0);

  void init(engine::Context& ctx) override;
  void handle(const engine::Event& ev, engine::Context& ctx) override;
  void report(LpReport& out) const override;

  const std::vector<JobRecord>& rejected() const { return rejected_; }
  std::uint64_t jobs_submitted() const { return next_id_; }

  template <class Archive>
  void state(Archive& ar);

 private:
  void pull(engine::Context& ctx);
  void on_arrival(engine::Context& ctx);
  void on_queue_report(const struct QueueReportMsg& r);
  traces::JobSource& source(engine::Context& ctx);

  const ModelConfig& cfg_;
  JobSpeed speed_;
  const FleetMap& map_;
  engine::LpId first_cluster_;
  engine::LpId span_;
  JobSourceFactory make_source_;
  std::unique_ptr<traces::JobSource> source_;
  std::uint64_t pulled_ = 0;  // jobs taken from the source, pending_ included
  traces::JobSpec pending_;
  std::uint64_t next_id_ = 0;
  std::vector<std::int64_t> queued_, busy_;  // per cluster, as last reported plus sent since
  std::vector<JobRecord> rejected_;
};

}  // namespace fleetsim::model
