// The router: pulls jobs from the workload source at their submit times, numbers them, and sends
// each to a cluster: the one with the least queued GPU demand (relative to its size; ties go to
// the least busy, then the lowest index), among those large enough. A job larger than every
// cluster is rejected or shrunk to a share of the largest cluster, by option.
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "sim/engine/lp.h"
#include "sim/model/fleet_map.h"
#include "sim/model/records.h"
#include "traces/job_source.h"

namespace fleetsim::model {

using JobSourceFactory = std::function<std::unique_ptr<traces::JobSource>(engine::Context&)>;

class RouterLp final : public engine::Lp {
 public:
  RouterLp(const ModelConfig& cfg, const FleetMap& map, JobSourceFactory make_source);

  void init(engine::Context& ctx) override;
  void handle(const engine::Event& ev, engine::Context& ctx) override;

  const std::vector<JobRecord>& rejected() const { return rejected_; }
  std::uint64_t jobs_submitted() const { return next_id_; }

 private:
  void pull(engine::Context& ctx);
  void route(engine::Context& ctx);

  const ModelConfig& cfg_;
  const FleetMap& map_;
  JobSourceFactory make_source_;
  std::unique_ptr<traces::JobSource> source_;
  traces::JobSpec pending_;
  std::uint64_t next_id_ = 0;
  std::vector<std::int64_t> queued_, busy_;  // per cluster, as last reported plus sent since
  std::vector<JobRecord> rejected_;
};

}  // namespace fleetsim::model
