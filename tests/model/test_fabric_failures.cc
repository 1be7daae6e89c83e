// The network's failures and what they cost (issue 10): a leaf failure interrupts exactly the
// jobs under it, or none on a design that survives it; a spine failure slows only the jobs that
// cross it and interrupts none; hot spares shorten the time to restart; maintenance loses no work.
// Expected times are closed forms worked out here from the scripted events, not from the model.
#include <catch2/catch.hpp>
#include <map>

#include "fabric/build.h"
#include "fabric/presets.h"
#include "sim/model/fabric/fabric_lp.h"
#include "tests/model/fleet_harness.h"
#include "tests/model/network_fleet.h"
#include "training/catalog.h"

using namespace fleetsim;
using engine::kDay;
using engine::kHour;
using engine::kMinute;
using engine::Time;
using model::JobState;

namespace {

// 4 pods x 16 nodes x 8 GPUs = 512 GPUs. Radix 256 at 1:1 gives a leaf 128 GPU ports: one leaf
// per 16-node pod, so leaf groups are the pods; two tiers: 4 leaves x 128 uplinks over spines of
// 256 ports = 2 spines.
std::string network_text(int planes) {
  return "name = test\ngpus = 512\ngpus_per_server = 8\ngpus_per_rack = 32\nrails = 1\nplanes = " +
         std::to_string(planes) +
         "\nnic_gbps = 400\nradix = 256\nport_gbps = 400\noversubscription = 1\ntiers = 2\n";
}
constexpr int kSpines = 2;

model::ModelConfig fleet(int planes = 1) {
  return test::network_fleet(4, 16, planes > 0 ? network_text(planes) : "");
}

// An LP declared before the fleet that sends scripted fabric messages to cluster 0. It takes id
// 0, so the fleet's types follow it in their order: pods, the router, then the clusters.
using Step = std::function<void(engine::Context&, engine::LpId cluster)>;

class ScriptLp final : public engine::StatefulLp<ScriptLp> {
 public:
  ScriptLp(engine::LpId cluster, std::vector<Step> steps)
      : cluster_(cluster), steps_(std::move(steps)) {}
  void init(engine::Context& ctx) override {
    for (auto& s : steps_) s(ctx, cluster_);
  }
  void handle(const engine::Event&, engine::Context&) override {}
  template <class Archive>
  void state(Archive&) {}

 private:
  engine::LpId cluster_;
  std::vector<Step> steps_;
};

std::unique_ptr<test::FleetRun> run_scripted(const model::ModelConfig& cfg,
                                             std::vector<traces::JobSpec> jobs,
                                             std::vector<Step> steps) {
  const auto cluster0 = static_cast<engine::LpId>(1 + cfg.fabric.pods + 1);
  std::vector<engine::LpType> types;
  types.push_back({.name = "script",
                   .count = 1,
                   .accepts = {},
                   .sends = {{model::kNodesDown, "cluster", 30 * engine::kSecond, "test"},
                             {model::kNodesUp, "cluster", 30 * engine::kSecond, "test"},
                             {model::kDegrade, "cluster", 30 * engine::kSecond, "test"}},
                   .statistics = {},
                   .make = [cluster0, steps](engine::LpId) -> std::unique_ptr<engine::Lp> {
                     return std::make_unique<ScriptLp>(cluster0, steps);
                   }});
  auto run = test::run_fleet(cfg, std::move(jobs), {}, nullptr, std::move(types));
  REQUIRE(run->fleet->cluster_lp(0) == cluster0);
  return run;
}

Step send_at(Time at, std::uint16_t kind, auto msg) {
  return [=](engine::Context& ctx, engine::LpId cluster) {
    ctx.send(cluster, at, kind, model::kPrioFailure, msg);
  };
}

using test::step_rate;

std::vector<traces::JobSpec> jobs_of_nodes(const std::vector<int>& nodes, Time runtime) {
  std::vector<traces::JobSpec> jobs;
  for (int n : nodes)
    jobs.push_back(
        test::job(0, n * 8, engine::to_seconds(runtime), engine::to_seconds(runtime) * 2));
  return jobs;
}

}  // namespace

TEST_CASE("a leaf failure takes down exactly the nodes under it", "[model][fabric]") {
  const auto cfg = fleet(1);
  const Time runtime = 10 * kDay, fail = kHour, detect = 30 * engine::kSecond, repair = 6 * kHour;
  // 64 one-node jobs fill the 64 nodes; leaf group 1 is nodes 16..31.
  auto run = run_scripted(
      cfg, jobs_of_nodes(std::vector<int>(64, 1), runtime),
      {send_at(fail + detect, model::kNodesDown,
               model::NodesDownMsg{fail, repair, 16, 16, 1, core::Component::kLeafSwitch, 1}),
       send_at(fail + repair, model::kNodesUp, model::NodesUpMsg{16, 16})});
  const auto& failures = run->cluster(0).failures();
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].component == core::Component::kLeafSwitch);
  CHECK(failures[0].jobs_interrupted == 16);
  CHECK(failures[0].nodes_down == 16);
  CHECK(failures[0].gpus_hit == 128);
  CHECK(failures[0].tier == 1);
  CHECK(failures[0].leaf_group == 1);
  // The 16 jobs restart when the leaf is back, pay the restart overhead and run again from the
  // start (no checkpoints); the other 48 never notice.
  int restarted = 0;
  for (const auto& j : run->cluster(0).job_records()) {
    if (j.restarts == 0) {
      CHECK(j.end == cfg.latency.submit + runtime);
      continue;
    }
    ++restarted;
    CHECK(j.restarts == 1);
    CHECK(j.end == fail + repair + cfg.checkpoint.restart_overhead + runtime);
  }
  CHECK(restarted == 16);
}

TEST_CASE("a spine failure slows only the jobs that cross it", "[model][fabric]") {
  const auto cfg = fleet(1);
  const Time runtime = 2 * kDay, fail = kHour, detect = 30 * engine::kSecond, repair = 6 * kHour;
  // Job 0 takes pods 0-1 (two leaf groups: it crosses the spines), jobs 1 and 2 one pod each.
  auto run = run_scripted(
      cfg, jobs_of_nodes({32, 16, 16}, runtime),
      {send_at(fail + detect, model::kDegrade,
               model::DegradeMsg{fail, repair, -1, 0, -1, +1, core::Component::kSpineSwitch, 2}),
       send_at(fail + repair, model::kDegrade,
               model::DegradeMsg{fail, repair, -1, 0, -1, -1, core::Component::kSpineSwitch, 2})});
  // One of the two spines down halves the crossing job's
  // bandwidth: it runs at step(full) / step(half) (the training library's step time of the
  // model a 256-GPU job trains) for the window D it is slowed.
  const double rate = step_rate(256, (kSpines - 1.0) / kSpines);
  CHECK(rate < 1);
  const double window = static_cast<double>(repair - detect);
  const double slowed = window * (1 - rate);
  const auto jobs = run->cluster(0).job_records();
  REQUIRE(jobs.size() == 3);
  for (const auto& j : jobs) CHECK(j.restarts == 0);
  const Time start = cfg.latency.submit;  // the router's hop
  CHECK(static_cast<double>(jobs[0].end) == Approx(start + runtime + slowed).margin(2));
  CHECK(static_cast<double>(jobs[0].degraded) == Approx(slowed).margin(2));
  CHECK(jobs[0].useful + jobs[0].lost + jobs[0].checkpoint + jobs[0].degraded == jobs[0].allocated);
  CHECK(jobs[1].end == start + runtime);
  CHECK(jobs[2].end == start + runtime);
  CHECK(jobs[1].degraded == 0);
  const auto& failures = run->cluster(0).failures();
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].jobs_interrupted == 0);
  CHECK(failures[0].jobs_slowed == 1);
  CHECK(failures[0].nodes_down == 0);
}

TEST_CASE("a time limit outlives the rerates of a slowed job", "[model][fabric][scheduler]") {
  auto cfg = fleet(1);
  cfg.sched.enforce_time_limits = model::TimeLimits::kOn;
  const Time runtime = 2 * kDay, fail = kHour, detect = 30 * engine::kSecond, repair = 6 * kHour;
  const auto slowed = static_cast<Time>(static_cast<double>(repair - detect) *
                                        (1 - step_rate(256, (kSpines - 1.0) / kSpines)));
  REQUIRE(slowed > kMinute);
  // Job 0 crosses the spines: slowed, then back to full speed (two rerates, each making its end
  // event stale). Its limit lies between its healthy end and its slowed one. Jobs 1 and 2 are
  // not slowed and end exactly at their limits.
  auto jobs = jobs_of_nodes({32, 16, 16}, runtime);
  jobs[0].time_limit = runtime + slowed / 2;
  jobs[1].time_limit = jobs[2].time_limit = runtime;
  const std::vector<Step> steps{
      send_at(fail + detect, model::kDegrade,
              model::DegradeMsg{fail, repair, -1, 0, -1, +1, core::Component::kSpineSwitch, 2}),
      send_at(fail + repair, model::kDegrade,
              model::DegradeMsg{fail, repair, -1, 0, -1, -1, core::Component::kSpineSwitch, 2})};
  const auto killed = run_scripted(cfg, jobs, steps)->cluster(0).job_records();
  const Time start = cfg.latency.submit;
  CHECK(killed[0].state == JobState::kTimeout);
  CHECK(killed[0].end == start + jobs[0].time_limit);
  CHECK(killed[0].restarts == 0);
  CHECK(killed[1].state == JobState::kCompleted);
  CHECK(killed[2].state == JobState::kCompleted);

  cfg.sched.enforce_time_limits = model::TimeLimits::kOff;
  const auto kept = run_scripted(cfg, jobs, steps)->cluster(0).job_records();
  CHECK(kept[0].state == JobState::kCompleted);
  CHECK(static_cast<double>(kept[0].end) == Approx(start + runtime + slowed).margin(2));
}

TEST_CASE("a failed uplink takes its share of the tier's bandwidth", "[model][fabric]") {
  const auto cfg = fleet(1);
  const Time runtime = 2 * kDay, fail = kHour, detect = 30 * engine::kSecond, repair = 2 * kHour;
  auto degrade = [&](int delta) {
    return model::DegradeMsg{fail, repair, -1, 0, -1, delta, core::Component::kUplink, 2};
  };
  auto run = run_scripted(cfg, jobs_of_nodes({32, 16, 16}, runtime),
                          {send_at(fail + detect, model::kDegrade, degrade(+1)),
                           send_at(fail + repair, model::kDegrade, degrade(-1))});
  // 4 leaves x 128 uplinks = 512 links into the spines: one down leaves 511/512.
  const double slowed = static_cast<double>(repair - detect) * (1 - step_rate(256, 511.0 / 512));
  const auto jobs = run->cluster(0).job_records();
  CHECK(static_cast<double>(jobs[0].degraded) == Approx(slowed).margin(2));
  CHECK(jobs[0].degraded > 0);
  CHECK(jobs[1].degraded == 0);
  CHECK(jobs[0].restarts == 0);
}

TEST_CASE("a design that survives a leaf failure slows its jobs instead", "[model][fabric]") {
  // The same leaf failure on two planes: the LP sends a degrade for the group, not nodes down.
  model::FailureConfig f;
  const auto single = model::leaf_group_families(f, 16, 8, 1, 1);
  const auto dual = model::leaf_group_families(f, 16, 8, 2, 2);
  CHECK(single[0].takes_nodes);
  CHECK_FALSE(dual[0].takes_nodes);
  CHECK(dual[1].members == 16 * 8 * 2);  // GPU-to-leaf links, per plane

  // End to end: leaf and link failures drawn by the leaf-group LPs at a high rate, on one plane
  // and on two. On one they interrupt jobs; on two they never do.
  auto with_rates = [](int planes) {
    auto cfg = fleet(planes);
    cfg.failures.switch_rate = 2000;  // per 1000 switch-days: two a day per switch
    cfg.failures.link_rate = 20;
    auto run = test::run_fleet(cfg, jobs_of_nodes(std::vector<int>(16, 4), 20 * kDay));
    std::map<core::Component, std::pair<int, int>> by_kind;  // failures, jobs interrupted
    for (const auto& r : run->cluster(0).failures()) {
      by_kind[r.component].first++;
      by_kind[r.component].second += r.jobs_interrupted;
    }
    return by_kind;
  };
  const auto one = with_rates(1), two = with_rates(2);
  CHECK(one.at(core::Component::kLeafSwitch).first > 10);
  CHECK(one.at(core::Component::kLeafSwitch).second > 0);
  CHECK(two.at(core::Component::kLeafSwitch).first > 10);
  CHECK(two.at(core::Component::kLeafSwitch).second == 0);
  CHECK(two.at(core::Component::kSpineSwitch).second == 0);
  CHECK(one.at(core::Component::kSpineSwitch).second == 0);
}

TEST_CASE("hot spares let an interrupted job restart at once", "[model][failures]") {
  const Time runtime = 5 * kDay, fail = kHour, repair = 10 * kHour;
  const Time detect = 30 * engine::kSecond;
  // Without spares a 64-node job on 64 nodes waits for its failed node's repair; with one spare
  // a 63-node job takes the spare when its node fails and restarts as soon as it is told.
  auto end_of = [&](int spares, int nodes) {
    auto cfg = fleet(0);
    cfg.failures.spare_nodes = spares;
    auto run = test::run_fleet(cfg, jobs_of_nodes({nodes}, runtime), {{fail, repair, 0}});
    const auto jobs = run->cluster(0).job_records();
    REQUIRE(jobs.size() == 1);
    CHECK(jobs[0].restarts == 1);
    return jobs[0].end;
  };
  const Time overhead = fleet(0).checkpoint.restart_overhead;
  CHECK(end_of(0, 64) == fail + repair + overhead + runtime);
  CHECK(end_of(1, 63) == fail + detect + overhead + runtime);
}

TEST_CASE("planned maintenance loses no computed work", "[model][failures]") {
  auto cfg = fleet(0);
  cfg.failures.maintenance_rate = 200;  // per 1000 node-days
  auto run = test::run_fleet(cfg, jobs_of_nodes(std::vector<int>(8, 8), 20 * kDay));
  long restarts = 0;
  for (const auto& j : run->cluster(0).job_records()) {
    restarts += j.restarts;
    // Each interruption costs the restart overhead and the time until the cluster learned of it
    // (the job computed on, unsaved, during the detection latency) and nothing else, unless it
    // came during a restart (then less).
    CHECK(j.lost <= j.restarts * (cfg.checkpoint.restart_overhead + cfg.failures.detect_latency));
    CHECK(j.lost >= j.restarts * cfg.failures.detect_latency);
  }
  CHECK(restarts > 10);
  for (const auto& r : run->cluster(0).failures())
    CHECK(r.component == core::Component::kMaintenance);
}

TEST_CASE("node failure causes follow Llama 3's mix", "[model][failures]") {
  auto cfg = fleet(0);
  cfg.failures.node_rate = 500;
  cfg.failures.repair = model::RepairDistribution::kFixed;
  cfg.failures.repair_mean = kHour;
  cfg.end_time = 365 * kDay;
  auto run = test::run_fleet(cfg, {});
  std::map<core::Component, int> count;
  int total = 0;
  for (const auto& r : run->cluster(0).failures()) ++count[r.component], ++total;
  REQUIRE(total > 5000);
  // Counts of Dubey et al. 2024, Table 5, less the network's rows (37 of 419).
  const std::map<core::Component, int> llama3 = {
      {core::Component::kGpu, 148},     {core::Component::kHbm, 72},
      {core::Component::kGpuSram, 19},  {core::Component::kGpuSystem, 23},
      {core::Component::kNic, 7},       {core::Component::kHost, 44},
      {core::Component::kSoftware, 67}, {core::Component::kOther, 2}};
  for (const auto& [kind, n] : llama3) {
    const double p = n / 382.0;
    const double sigma = std::sqrt(total * p * (1 - p));
    CHECK(std::abs(count[kind] - total * p) <= 4 * sigma + 1);
  }
}

TEST_CASE("a rack power failure takes down the rack's servers, whatever the planes",
          "[model][fabric]") {
  for (int planes : {1, 2}) {
    auto cfg = fleet(planes);
    cfg.failures.rack_power_rate = 300;  // per 1000 rack-days: 16 racks, ~5 a day
    auto run = test::run_fleet(cfg, jobs_of_nodes(std::vector<int>(64, 1), 20 * kDay));
    int racks = 0, interrupted = 0;
    for (const auto& r : run->cluster(0).failures()) {
      if (r.component != core::Component::kRackPower) continue;
      ++racks;
      interrupted += r.jobs_interrupted;
      // 32 GPUs per rack of 8-GPU servers: 4 nodes, aligned on racks.
      CHECK(r.node % 4 == 0);
      CHECK(r.nodes_down <= 4);
      CHECK(r.leaf_group == r.node / 16);
    }
    INFO(planes << " plane(s)");
    CHECK(racks > 20);
    CHECK(interrupted > 0);
  }
}
