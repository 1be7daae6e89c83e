// Model invariants on a random run with many failures and every job class, on every record:
// busy + idle + failed = total GPUs in every timeline sample; no job starts before its
// submission; useful + lost + checkpoint + degraded + contended = allocated, exactly, for every
// job.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "tests/model/failing_fleet.h"
#include "tests/model/fleet_harness.h"

using namespace fleetsim;
using model::JobState;

namespace {

struct Seen {
  std::int64_t jobs = 0, completed = 0, restarts = 0, interruptions = 0, failures = 0, shrunk = 0;
  std::int64_t rejected = 0, timeouts = 0, spanning = 0;
};

// The invariants of one job's record, whoever keeps it (a cluster, or the span coordinator).
void check_job(const model::JobRecord& j, Seen& seen) {
  ++seen.jobs;
  if (j.start >= 0) REQUIRE(j.start >= j.job.submit);
  REQUIRE(j.useful + j.lost + j.checkpoint + j.degraded + j.contended == j.allocated);
  REQUIRE(j.useful >= 0);
  REQUIRE(j.lost >= 0);
  REQUIRE(j.held >= 0);
  REQUIRE(j.useful <= j.job.runtime);
  if (j.state == JobState::kCompleted) {
    ++seen.completed;
    REQUIRE(j.useful == j.job.runtime);
    REQUIRE(j.end >= j.start + j.job.runtime);
  }
  if (j.state == JobState::kTimeout) {  // killed at its limit (synthetic jobs: auto)
    ++seen.timeouts;
    REQUIRE(j.useful < j.job.runtime);
    REQUIRE(j.end > j.start);
  }
  if (j.state == JobState::kQueued && j.restarts == 0) REQUIRE(j.allocated == 0);
  REQUIRE(j.gpus_allocated >= j.job.gpus);
  seen.restarts += j.restarts;
  seen.shrunk += j.job.shrunk;
}

Seen check_invariants(test::FleetRun& run) {
  Seen seen;
  for (int c = 0; c < run.map->clusters(); ++c) {
    auto& cl = run.cluster(c);
    const auto gpus = run.map->cluster_gpus(c);
    for (const auto& s : cl.timeline()) {
      REQUIRE(s.busy + s.idle + s.failed == gpus);
      REQUIRE(s.busy >= 0);
      REQUIRE(s.idle >= 0);
      REQUIRE(s.failed >= 0);
    }
    for (const auto& j : cl.job_records()) {
      REQUIRE(j.cluster == c);
      REQUIRE(j.sites == 1);
      REQUIRE(j.held == 0);
      check_job(j, seen);
    }
    seen.interruptions += cl.totals().interruptions;
    seen.failures += static_cast<std::int64_t>(cl.failures().size());
  }
  if (run.fleet->spans())  // jobs spanning sites: the span coordinator's records
    for (const auto& j : run.span().job_records()) {
      if (j.state == JobState::kRejected) {
        ++seen.rejected;
        continue;
      }
      ++seen.spanning;
      REQUIRE(j.sites > 1);
      check_job(j, seen);
    }
  seen.rejected += static_cast<std::int64_t>(run.router().rejected().size());
  REQUIRE(seen.jobs + seen.rejected == static_cast<std::int64_t>(run.router().jobs_submitted()));
  return seen;
}

}  // namespace

TEST_CASE("invariants hold on a random run with failures", "[model][invariants]") {
  model::ModelConfig cfg = test::failing_fleet();
  traces::SyntheticConfig workload = test::busy_workload();

  SECTION("shrinking oversize jobs") {
    auto run = test::run_fleet(cfg, {}, {}, &workload);
    const Seen s = check_invariants(*run);
    CHECK(s.jobs > 1000);
    CHECK(s.completed > 500);
    CHECK(s.failures > 100);
    CHECK(s.interruptions > 10);
    CHECK(s.restarts == s.interruptions);
    CHECK(s.shrunk > 0);
    CHECK(s.rejected == 0);
  }
  SECTION("tight time limits: restarted and checkpointing jobs run past them") {
    workload.limit_factor_max = 1.05;
    auto run = test::run_fleet(cfg, {}, {}, &workload);
    const Seen s = check_invariants(*run);
    CHECK(s.timeouts > 10);
  }
  SECTION("conservative backfilling, time limits not enforced") {
    cfg.sched.backfill = model::Backfill::kConservative;
    cfg.sched.enforce_time_limits = model::TimeLimits::kOff;
    auto run = test::run_fleet(cfg, {}, {}, &workload);
    const Seen s = check_invariants(*run);
    CHECK(s.completed > 500);
    CHECK(s.timeouts == 0);
  }
  SECTION("oversize jobs spanning both clusters as sites, with WAN cuts") {
    cfg.sched.oversize = model::Oversize::kSpan;
    cfg.failures.wan_rate = 2000;  // a cut every few hours at each site
    cfg.failures.wan_repair = engine::kHour;
    // 448 GPUs: 56 nodes, more than 0.9 of cluster 0's 48 but within both clusters' 43 + 14.
    workload.frontier_sizes = {448};
    workload.frontier_per_year = 60;
    auto run = test::run_fleet(cfg, {}, {}, &workload);
    const Seen s = check_invariants(*run);
    CHECK(s.spanning > 0);
    CHECK(s.shrunk == 0);
    CHECK(s.completed > 500);
    CHECK(run->span().failures().size() > 50);
  }
  SECTION("rejecting oversize jobs") {
    cfg.sched.oversize = model::Oversize::kReject;
    auto run = test::run_fleet(cfg, {}, {}, &workload);
    const Seen s = check_invariants(*run);
    CHECK(s.rejected > 0);
    CHECK(s.shrunk == 0);
  }
  SECTION("a node failure every simulated minute (issue 14: load)") {
    // 64 nodes at 22,500 failures per 1000 node-days: 1,440 a day, one a minute on average,
    // with short repairs so that nodes come back and jobs keep restarting.
    cfg.failures.node_rate = 22500;
    cfg.failures.repair = model::RepairDistribution::kFixed;
    cfg.failures.repair_mean = 20 * engine::kMinute;
    cfg.end_time = 5 * engine::kDay;
    auto run = test::run_fleet(cfg, {}, {}, &workload);
    const Seen s = check_invariants(*run);
    // A node that is down does not fail again: each is up 1 / (1 + rate x repair) of the time
    // (an alternating renewal process), so 7,200 x 1 / (1 + 22.5 / 72) = 5,486 failures are
    // expected; the band is 3.29 Poisson standard deviations.
    const double expected = 5 * 1440 / (1 + 22.5 * 20 / 1440);
    CHECK(std::abs(s.failures - expected) < 3.29 * std::sqrt(expected));
    CHECK(s.interruptions > 1000);
    CHECK(s.restarts == s.interruptions);
  }
  SECTION("the same seed gives the same run; another seed does not") {
    auto a = test::run_fleet(cfg, {}, {}, &workload);
    auto b = test::run_fleet(cfg, {}, {}, &workload);
    cfg.seed = 12;
    auto c = test::run_fleet(cfg, {}, {}, &workload);
    const auto ja = a->cluster(0).job_records(), jb = b->cluster(0).job_records(),
               jc = c->cluster(0).job_records();
    REQUIRE(ja.size() == jb.size());
    for (std::size_t i = 0; i < ja.size(); ++i) {
      REQUIRE(ja[i].job.id == jb[i].job.id);
      REQUIRE(ja[i].end == jb[i].end);
      REQUIRE(ja[i].lost == jb[i].lost);
    }
    CHECK((ja.size() != jc.size() || ja[0].job.runtime != jc[0].job.runtime));
  }
}

TEST_CASE("failure draws are the same on every layout", "[model][failures]") {
  model::ModelConfig cfg;
  cfg.fabric = {4, 16, 8};
  cfg.failures.node_rate = 300;
  cfg.end_time = 10 * engine::kDay;
  traces::SyntheticConfig workload;
  workload.frontier_per_year = 0;
  std::map<std::pair<engine::Time, int>, engine::Time> by_layout[2];
  const std::vector<int> layouts[2] = {{4}, {1, 1, 1, 1}};
  for (int l = 0; l < 2; ++l) {
    cfg.layout = {"l", "", "test", layouts[l]};
    auto run = test::run_fleet(cfg, {}, {}, &workload);
    for (int c = 0; c < run->map->clusters(); ++c)
      for (const auto& f : run->cluster(c).failures()) by_layout[l][{f.time, f.node}] = f.repair;
  }
  CHECK(by_layout[0].size() > 50);
  CHECK(by_layout[0] == by_layout[1]);
}
