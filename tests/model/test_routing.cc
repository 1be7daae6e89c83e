// Several clusters, one scheduler above them (issue 12 item 7): sched.route and
// sched.migrate_queued, pinned on scripted jobs on two clusters of 4 nodes x 8 GPUs.
#include <catch2/catch.hpp>
#include <map>

#include "sim/model/routing_policy.h"
#include "tests/model/fleet_harness.h"

using namespace fleetsim;
using engine::from_seconds;
using engine::kSecond;
using model::JobState;
using Route = model::SchedConfig::Route;

namespace {

// Two clusters of one pod of 4 nodes x 8 GPUs, no random failures, 1 s latencies.
model::ModelConfig two_clusters() {
  model::ModelConfig cfg = test::quiet_fleet({1, 1}, 4);
  cfg.end_time = 10000 * kSecond;
  return cfg;
}

traces::JobSpec tenant_job(double submit_s, int gpus, double runtime_s, int tenant) {
  auto j = test::job(submit_s, gpus, runtime_s, runtime_s);
  j.tenant = tenant;
  return j;
}

}  // namespace

TEST_CASE("the estimator: free GPUs, then the running jobs' quartiles, then turnovers",
          "[model][router][route]") {
  model::ClusterView v;
  v.capacity = 32;
  v.free = 8;
  v.busy = 24;
  v.quartile[0] = from_seconds(100);
  v.quartile[1] = from_seconds(200);
  v.quartile[2] = from_seconds(300);
  v.quartile[3] = from_seconds(400);
  v.turnover = from_seconds(1000);
  const auto now = from_seconds(10);
  CHECK(model::expected_start(v, 8, now) == now);                      // fits in the free GPUs
  CHECK(model::expected_start(v, 14, now) == from_seconds(100));       // 6 of 24: a quarter
  CHECK(model::expected_start(v, 15, now) == from_seconds(200));       // 7 of 24: a half
  CHECK(model::expected_start(v, 32, now) == from_seconds(400));       // all busy GPUs
  CHECK(model::expected_start(v, 32 + 16, now) == from_seconds(900));  // + half a turnover
  // The profile a cluster reports: running (end, GPUs) sorted by end, seconds after `now`.
  const auto r = model::make_queue_report(
      0, 0, 24, 8, {{from_seconds(110), 8}, {from_seconds(210), 8}, {from_seconds(410), 8}},
      from_seconds(1000), now, true);
  CHECK(r.quartile_s[0] == 100);  // 8 of 24 freed (at 110 s) covers a quarter
  CHECK(r.quartile_s[1] == 200);  // 16 of 24 a half
  CHECK(r.quartile_s[2] == 400);
  CHECK(r.quartile_s[3] == 400);
  CHECK(r.free_gpus == 8);
  CHECK(r.turnover_s == 1000);
}

TEST_CASE("earliest_start picks the cluster that starts the job first", "[model][router][route]") {
  // A (32 GPUs, 1000 s) fills cluster 0, B (32 GPUs, 100 s) cluster 1. C (8 GPUs) at t=10 sees
  // both with nothing queued and all busy: least_queued's tie goes to cluster 0, where C waits
  // for A; earliest_start sees B end first and sends it to cluster 1.
  const std::vector<traces::JobSpec> jobs{test::job(0, 32, 1000, 1000), test::job(1, 32, 100, 100),
                                          test::job(10, 8, 50, 5000)};
  auto cfg = two_clusters();
  auto least = test::records_by_id(*test::run_fleet(cfg, jobs));
  REQUIRE(least.size() == 3);
  CHECK(least[2].cluster == 0);
  CHECK(least[2].start == from_seconds(1001));

  cfg.sched.route = Route::kEarliestStart;
  auto earliest = test::records_by_id(*test::run_fleet(cfg, jobs));
  REQUIRE(earliest.size() == 3);
  CHECK(earliest[0].cluster == 0);
  CHECK(earliest[1].cluster == 1);
  CHECK(earliest[2].cluster == 1);
  CHECK(earliest[2].start == from_seconds(102));  // when B ends
  for (const auto& [id, r] : earliest) CHECK(r.state == JobState::kCompleted);
}

TEST_CASE("tenant affinity keeps a tenant on its cluster while it waits little there",
          "[model][router][route]") {
  // Tenant 1's four 8-GPU jobs: least_queued spreads them over both clusters; tenant_affinity
  // keeps them on cluster 1 (1 mod 2), tenant 2's on cluster 0.
  std::vector<traces::JobSpec> jobs;
  for (int k = 0; k < 4; ++k) jobs.push_back(tenant_job(k, 8, 100, 1));
  jobs.push_back(tenant_job(5, 8, 100, 2));
  auto cfg = two_clusters();
  auto least = test::records_by_id(*test::run_fleet(cfg, jobs));
  int on_one = 0;
  for (int k = 0; k < 4; ++k) on_one += least[k].cluster == 1;
  CHECK(on_one < 4);

  cfg.sched.route = Route::kTenantAffinity;
  auto affine = test::records_by_id(*test::run_fleet(cfg, jobs));
  REQUIRE(affine.size() == 5);
  for (int k = 0; k < 4; ++k) CHECK(affine[k].cluster == 1);
  CHECK(affine[4].cluster == 0);

  SECTION("a tenant leaves its cluster when the expected wait there is over the limit") {
    // Tenant 1 fills cluster 1 for 1000 s; its next job would wait ~1000 s there.
    const std::vector<traces::JobSpec> two{tenant_job(0, 32, 1000, 1), tenant_job(5, 8, 100, 1)};
    cfg.sched.affinity_max_wait = from_seconds(2000);
    auto stays = test::records_by_id(*test::run_fleet(cfg, two));
    CHECK(stays[1].cluster == 1);
    CHECK(stays[1].start == from_seconds(1001));
    cfg.sched.affinity_max_wait = from_seconds(500);
    auto leaves = test::records_by_id(*test::run_fleet(cfg, two));
    CHECK(leaves[1].cluster == 0);
    CHECK(leaves[1].start == from_seconds(6));
  }
}

TEST_CASE("a queued job moves when another cluster frees up, exactly once",
          "[model][router][migrate]") {
  // A (32 GPUs, 2000 s) fills cluster 0, B (32 GPUs, 200 s) cluster 1; C (16 GPUs) at t=10 goes
  // to cluster 0 (least_queued's tie) and would wait for A until t=2001. When B ends (t=202),
  // cluster 1 reports room; the router asks cluster 0, which gives C back, and C runs on
  // cluster 1 instead. A, running, stays.
  const std::vector<traces::JobSpec> jobs{test::job(0, 32, 2000, 2000), test::job(1, 32, 200, 200),
                                          test::job(10, 16, 100, 100)};
  auto cfg = two_clusters();
  cfg.sched.migrate_threshold = from_seconds(100);
  cfg.sched.migrate_interval = from_seconds(10);
  auto stay = test::records_by_id(*test::run_fleet(cfg, jobs));
  CHECK(stay[2].cluster == 0);
  CHECK(stay[2].start == from_seconds(2001));

  cfg.sched.migrate_queued = true;
  auto run = test::run_fleet(cfg, jobs);
  auto moved = test::records_by_id(*run);
  REQUIRE(moved.size() == 3);  // each job reported once, by one cluster
  CHECK(moved[0].cluster == 0);
  CHECK(moved[0].moves == 0);
  CHECK(moved[2].cluster == 1);
  CHECK(moved[2].moves == 1);
  // B starts at 2 and ends at 202, the report reaches the router at 203, the ask cluster 0 at
  // 204, the job the router at 205 and cluster 1 at 206.
  CHECK(moved[2].start == from_seconds(206));
  for (const auto& [id, r] : moved) {
    CHECK(r.state == JobState::kCompleted);
    CHECK(r.end - r.start == r.job.runtime);  // ran once, whole
  }
  CHECK(moved[2].job.submit == from_seconds(10));  // its wait counts from its first submission

  SECTION("not when the wait it would save is under the threshold") {
    cfg.sched.migrate_threshold = from_seconds(5000);
    CHECK(test::records_by_id(*test::run_fleet(cfg, jobs))[2].cluster == 0);
  }
}

TEST_CASE("a job that has started never moves, even queued again after a failure",
          "[model][router][migrate]") {
  // E (16 GPUs, 5000 s) and G (16 GPUs, 1000 s) on cluster 0, D (16 GPUs, 100 s) on cluster 1.
  // A node of cluster 0 fails at t=50 for 2000 s: the job on it is queued again and waits there,
  // while cluster 1 is idle from t=101. It started once, so it is never given back.
  const std::vector<traces::JobSpec> jobs{test::job(0, 16, 5000, 5000), test::job(0, 16, 100, 100),
                                          test::job(0, 16, 1000, 1000)};
  auto cfg = two_clusters();
  cfg.sched.migrate_queued = true;
  cfg.sched.migrate_threshold = from_seconds(100);
  cfg.sched.migrate_interval = from_seconds(10);
  auto run = test::run_fleet(cfg, jobs, {{from_seconds(50), from_seconds(2000), 0}});
  auto all = test::records_by_id(*run);
  REQUIRE(all.size() == 3);
  CHECK(all[1].cluster == 1);
  int interrupted = 0;
  for (const auto& [id, r] : all) {
    CHECK(r.moves == 0);
    if (r.restarts > 0) {
      ++interrupted;
      CHECK(r.cluster == 0);
    }
  }
  CHECK(interrupted == 1);
}
