// Runs the fleet model on MPI_COMM_SELF with a scripted job list and, optionally, scripted node
// failures in place of the random pods, so scheduler and failure behaviour can be pinned exactly.
#pragma once
#include <mpi.h>

#include <memory>
#include <vector>

#include "partitions/block.h"
#include "sim/engine/simulator.h"
#include "sim/model/cluster_lp.h"
#include "sim/model/fleet.h"
#include "sim/model/messages.h"
#include "sim/model/pod_lp.h"
#include "traces/job_source.h"
#include "traces/synthetic.h"

namespace fleetsim::test {

class VectorSource final : public traces::JobSource {
 public:
  explicit VectorSource(std::vector<traces::JobSpec> jobs) : jobs_(std::move(jobs)) {}
  bool next(traces::JobSpec& job) override {
    if (i_ == jobs_.size()) return false;
    job = jobs_[i_++];
    return true;
  }

 private:
  std::vector<traces::JobSpec> jobs_;
  std::size_t i_ = 0;
};

struct ScriptedFailure {
  engine::Time time;
  engine::Time repair;
  int node;  // global node id
};

// Stands in for a pod: sends the scripted failures of its nodes to its cluster.
class ScriptedPod final : public engine::Lp {
 public:
  ScriptedPod(engine::LpId cluster, engine::Time detect, std::vector<ScriptedFailure> script)
      : cluster_(cluster), detect_(detect), script_(std::move(script)) {}
  void init(engine::Context& ctx) override {
    for (const auto& f : script_) {
      ctx.send(cluster_, f.time + detect_, model::kNodeDown, model::kPrioFailure,
               model::NodeDownMsg{f.time, f.repair, f.node});
      ctx.send(cluster_, f.time + f.repair, model::kNodeUp, model::kPrioFailure,
               model::NodeUpMsg{f.node});
    }
  }
  void handle(const engine::Event&, engine::Context&) override {}

 private:
  engine::LpId cluster_;
  engine::Time detect_;
  std::vector<ScriptedFailure> script_;
};

struct FleetRun {
  model::ModelConfig cfg;
  std::unique_ptr<model::FleetMap> map;
  std::unique_ptr<engine::Simulator> sim;
  partitions::BlockPartitioner block;

  model::ClusterLp& cluster(int c) {
    return static_cast<model::ClusterLp&>(sim->local_lp(map->cluster_lp(c)));
  }
  model::RouterLp& router() {
    return static_cast<model::RouterLp&>(sim->local_lp(map->router_lp()));
  }
};

// jobs empty: the synthetic workload `synthetic` drives the run instead.
inline std::unique_ptr<FleetRun> run_fleet(const model::ModelConfig& cfg,
                                           std::vector<traces::JobSpec> jobs,
                                           std::vector<ScriptedFailure> failures = {},
                                           const traces::SyntheticConfig* synthetic = nullptr) {
  auto run = std::make_unique<FleetRun>();
  run->cfg = cfg;
  model::validate(run->cfg);
  run->map = std::make_unique<model::FleetMap>(run->cfg);
  engine::SimulatorOptions opts;
  opts.lookahead = model::lookahead(run->cfg);
  opts.end_time = run->cfg.end_time;
  opts.seed = run->cfg.seed;
  run->sim =
      std::make_unique<engine::Simulator>(MPI_COMM_SELF, run->map->num_lps(), run->block, opts);
  const model::ModelConfig& c = run->cfg;
  const model::FleetMap& map = *run->map;
  model::JobSourceFactory source =
      [jobs, synthetic, &c](engine::Context& ctx) -> std::unique_ptr<traces::JobSource> {
    if (synthetic)
      return std::make_unique<traces::SyntheticWorkload>(*synthetic, c.fabric.total_gpus(),
                                                         ctx.seed(), c.end_time);
    return std::make_unique<VectorSource>(jobs);
  };
  const bool scripted = !failures.empty();
  run->sim->build([&](engine::LpId id) -> std::unique_ptr<engine::Lp> {
    if (scripted && map.is_pod(id)) {
      std::vector<ScriptedFailure> mine;
      for (const auto& f : failures)
        if (f.node / c.fabric.nodes_per_pod == static_cast<int>(id)) mine.push_back(f);
      return std::make_unique<ScriptedPod>(map.cluster_lp(map.cluster_of_pod(id)),
                                           c.failures.detect_latency, mine);
    }
    return model::make_lp(c, map, id, source);
  });
  run->sim->run();
  return run;
}

inline traces::JobSpec job(double submit_s, int gpus, double runtime_s, double limit_s) {
  traces::JobSpec j;
  j.submit = engine::from_seconds(submit_s);
  j.gpus = gpus;
  j.runtime = engine::from_seconds(runtime_s);
  j.time_limit = engine::from_seconds(limit_s);
  return j;
}

}  // namespace fleetsim::test
