// The router: pulls jobs from the workload source at their submit times, numbers them, and sends
// each to a cluster among those large enough, chosen by sched.route (sim/model/routing_policy.h;
// by default the one with the least queued GPU demand relative to its size, ties to the least
// busy, then the lowest index). A job larger than every cluster is rejected, shrunk to a share
// of the largest cluster, or (sched.oversize = span) sent to the span coordinator to run across
// sites; a tenant pinned to one cluster is shrunk instead. With sched.migrate_queued it also
// moves queued jobs.
#pragma once
#include <functional>
#include <memory>
#include <vector>

#include "sim/model/fleet_map.h"
#include "sim/model/job_speed.h"
#include "sim/model/model_lp.h"
#include "sim/model/routing_policy.h"
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
  void on_queue_report(const engine::Event& ev, engine::Context& ctx);
  // sched.migrate_queued: ask a cluster for a job to move (one ask at a time), and its answers.
  void maybe_ask(engine::Context& ctx);
  void on_migrate_answer(const engine::Event& ev, engine::Context& ctx);
  // sched.migrate_interrupted: a cluster offers a job a failure requeued (cluster_migrate.cc).
  void on_migrate_offer(const engine::Event& ev, engine::Context& ctx);
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
  // The rest of each cluster's last report (sim/model/routing_policy.h); queued and busy are
  // copied in from queued_ and busy_ when used (views()).
  std::vector<ClusterView> views_;
  const std::vector<ClusterView>& views();
  std::vector<int> eligible_;  // scratch
  // sched.migrate_queued: the outstanding ask (from -1: none), when the next may be sent.
  std::int32_t ask_from_ = -1, ask_to_ = -1;
  Time next_ask_ = 0;
};

}  // namespace fleetsim::model
