// The cluster's scheduler and failure handling, pinned on scripted jobs and failures.
#include <catch2/catch.hpp>

#include "tests/model/fleet_harness.h"
#include "training/catalog.h"

using namespace fleetsim;
using engine::from_seconds;
using engine::kSecond;
using model::JobState;

namespace {

// One pod of 4 nodes x 8 GPUs, one cluster, no random failures, 1 s latencies.
model::ModelConfig tiny() {
  model::ModelConfig cfg;
  cfg.fabric = {1, 4, 8};
  cfg.layout = {"one", "", "test", {1}};
  cfg.failures.node_rate = 0;
  cfg.failures.maintenance_rate = 0;
  cfg.checkpoint.from_model = false;  // the hand-worked stalls below are checkpoint.cost
  cfg.failures.detect_latency = 5 * kSecond;
  cfg.end_time = 10000 * kSecond;
  cfg.timeline_period = 10 * kSecond;
  return cfg;
}

}  // namespace

TEST_CASE("FIFO with EASY backfilling", "[model][scheduler]") {
  // A takes 2 of 4 nodes until t=101; B wants all 4 and blocks the queue with a reservation at
  // t=101 (A's limit). C (1 node, limit 50 s) ends before that: backfilled at once. D (1 node,
  // limit 500 s) would delay B: it waits until B is done.
  auto run = test::run_fleet(tiny(), {test::job(0, 16, 100, 100), test::job(1, 32, 100, 100),
                                      test::job(2, 8, 40, 50), test::job(3, 8, 10, 500)});
  const auto jobs = run->cluster(0).job_records();
  REQUIRE(jobs.size() == 4);
  CHECK(jobs[0].start == from_seconds(1));    // submitted at 0, 1 s submit latency
  CHECK(jobs[2].start == from_seconds(3));    // C backfilled
  CHECK(jobs[1].start == from_seconds(101));  // B when A ends
  CHECK(jobs[3].start == from_seconds(201));  // D after B
  for (const auto& j : jobs) {
    CHECK(j.state == JobState::kCompleted);
    CHECK(j.end - j.start == j.job.runtime);  // no failures, no checkpoints
  }

  SECTION("without backfilling room, the queue is strictly FIFO") {
    auto cfg = tiny();
    cfg.sched.backfill_depth = 0;
    auto fifo = test::run_fleet(
        cfg, {test::job(0, 16, 100, 100), test::job(1, 32, 100, 100), test::job(2, 8, 40, 50)});
    CHECK(fifo->cluster(0).job_records()[2].start == from_seconds(201));
  }
}

TEST_CASE("sub-node jobs share nodes; gangs take whole nodes", "[model][scheduler]") {
  auto run = test::run_fleet(tiny(), {test::job(0, 3, 100, 100), test::job(0, 5, 100, 100),
                                      test::job(0, 12, 100, 100), test::job(0, 8, 100, 100)});
  const auto jobs = run->cluster(0).job_records();
  CHECK(jobs[0].gpus_allocated == 3);
  CHECK(jobs[1].gpus_allocated == 5);
  CHECK(jobs[2].gpus_allocated == 16);  // 12 GPUs -> 2 whole nodes
  // 3 + 5 share one node, 12 takes two, 8 takes the last: all start at once.
  for (const auto& j : jobs) CHECK(j.start == from_seconds(1));
  const auto& t = run->cluster(0).timeline();
  REQUIRE(t.size() > 2);
  CHECK(t[1].busy == 32);  // sample at t=10 s
}

TEST_CASE("a node failure interrupts its job, which restarts from its last checkpoint",
          "[model][failures]") {
  auto cfg = tiny();
  cfg.checkpoint.policy = model::CheckpointPolicy::kFixed;
  cfg.checkpoint.interval = 100 * kSecond;
  cfg.checkpoint.cost = 10 * kSecond;
  cfg.checkpoint.restart_overhead = 50 * kSecond;
  // The job starts at t=1 on all 4 nodes; node 2 fails at t=251 (250 s in: two checkpoints done,
  // 200 s of work saved), is seen at 256 and repaired at 751; the job waits for it.
  auto run = test::run_fleet(cfg, {test::job(0, 32, 1000, 2000)},
                             {{from_seconds(251), from_seconds(500), 2}});
  const auto j = run->cluster(0).job_records().at(0);
  CHECK(j.state == JobState::kCompleted);
  CHECK(j.restarts == 1);
  CHECK(j.useful == from_seconds(1000));
  CHECK(j.checkpoint == from_seconds(20 + 70));  // 2 before the failure, 7 after
  CHECK(j.lost == from_seconds(35 + 50));        // 255 - 200 - 20 before, then the restart
  CHECK(j.allocated == from_seconds(255 + 920));
  CHECK(j.useful + j.lost + j.checkpoint == j.allocated);
  CHECK(j.end == from_seconds(751 + 920));

  const auto& failures = run->cluster(0).failures();
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].jobs_interrupted == 1);
  CHECK(failures[0].gpu_seconds_lost == Approx(35.0 * 32));
  CHECK(run->cluster(0).totals().interruptions == 1);

  SECTION("failed GPUs show in the timeline while the node is down") {
    bool seen_failed = false;
    for (const auto& s : run->cluster(0).timeline()) {
      CHECK(s.busy + s.idle + s.failed == 32);
      if (s.time > from_seconds(256) && s.time < from_seconds(751)) {
        CHECK(s.failed == 8);
        CHECK(s.busy == 0);  // the job waits for all 4 nodes
        seen_failed = true;
      }
    }
    CHECK(seen_failed);
  }
}

TEST_CASE("jobs larger than every cluster are shrunk or rejected", "[model][router]") {
  auto cfg = tiny();
  cfg.fabric = {2, 4, 8};
  cfg.layout = {"two", "", "test", {1, 1}};  // two clusters of 32 GPUs
  SECTION("shrink: to shrink_fraction of the largest cluster, runtime through the step model") {
    cfg.sched.shrink_fraction = 0.5;
    auto run = test::run_fleet(cfg, {test::job(0, 64, 100, 200)});
    const auto j = run->cluster(0).job_records().at(0);
    CHECK(j.job.shrunk == 1);
    CHECK(j.job.gpus_requested == 64);
    CHECK(j.job.gpus == 16);
    // A 64-GPU job trains the catalog's 7B model (training/catalog.h); on a quarter of the GPUs
    // the same tokens take step(16) / step(64) as long, which is not 4: each replica's larger
    // share of the batch hides more of the gradient all-reduce.
    const auto big = training::catalog_job(training::model_for_gpus(64), 64, {});
    const double factor =
        training::step_time(training::resized(big, 16)).step_s / training::step_time(big).step_s;
    CHECK(std::abs(factor - 4.0) > 0.01);
    CHECK(j.job.runtime == static_cast<engine::Time>(std::ceil(100e6 * factor)));
    CHECK(j.job.time_limit == static_cast<engine::Time>(std::ceil(200e6 * factor)));
    CHECK(j.state == JobState::kCompleted);
  }
  SECTION("reject: counted by the router, never sent") {
    cfg.sched.oversize = model::Oversize::kReject;
    auto run = test::run_fleet(cfg, {test::job(0, 64, 100, 200), test::job(1, 8, 10, 10)});
    REQUIRE(run->router().rejected().size() == 1);
    CHECK(run->router().rejected()[0].state == JobState::kRejected);
    CHECK(run->router().rejected()[0].job.id == 0);
    CHECK(run->cluster(0).job_records().size() + run->cluster(1).job_records().size() == 1);
  }
}

TEST_CASE("a shrunk job goes only to a cluster of the size it was shrunk for", "[model][router]") {
  // Clusters of 10 and 9 pods of 8 GPUs: shrink_fraction 0.9 of the largest (80 GPUs) is 72 GPUs,
  // exactly the small cluster, where the job would need every node up at once. A first job
  // loads the large cluster, so least-queued routing alone would pick the small one.
  auto cfg = tiny();
  cfg.fabric = {19, 1, 8};
  cfg.layout = {"two", "", "test", {10, 9}};
  cfg.sched.shrink_fraction = 0.9;
  auto run = test::run_fleet(cfg, {test::job(0, 80, 100, 200), test::job(1, 200, 100, 200)});
  REQUIRE(run->cluster(0).job_records().size() == 2);
  CHECK(run->cluster(1).job_records().empty());
  CHECK(run->cluster(0).job_records()[1].job.gpus == 72);
}

TEST_CASE("the router sends each job to the least loaded cluster", "[model][router]") {
  auto cfg = tiny();
  cfg.fabric = {2, 4, 8};
  cfg.layout = {"two", "", "test", {1, 1}};
  // Two 32-GPU jobs a few seconds apart: the second sees the first cluster busy.
  auto run = test::run_fleet(cfg, {test::job(0, 32, 100, 100), test::job(5, 32, 100, 100)});
  REQUIRE(run->cluster(0).job_records().size() == 1);
  REQUIRE(run->cluster(1).job_records().size() == 1);
  CHECK(run->cluster(1).job_records()[0].start == from_seconds(6));
}

TEST_CASE("replayed jobs end as their trace recorded, when asked", "[model][traces]") {
  // Two identical jobs recorded as failed after 100 s: one replayed with its outcome, one not.
  auto failed = test::job(0, 8, 100, 200);
  failed.recorded_outcome = 1;
  auto as_recorded = failed;
  as_recorded.end_as_recorded = true;
  auto cancelled = as_recorded;
  cancelled.recorded_outcome = 2;
  auto run = test::run_fleet(tiny(), {failed, as_recorded, cancelled});
  const auto jobs = run->cluster(0).job_records();
  REQUIRE(jobs.size() == 3);
  CHECK(jobs[0].state == JobState::kCompleted);
  CHECK(jobs[1].state == JobState::kFailed);
  CHECK(jobs[2].state == JobState::kCancelled);
  for (const auto& j : jobs) {
    CHECK(j.end - j.start == from_seconds(100));  // the same point of its run time
    CHECK(j.job.recorded_outcome == (&j == &jobs[2] ? 2 : 1));
  }
}

TEST_CASE("conservative backfilling delays no earlier reservation", "[model][scheduler]") {
  // 4 nodes. A (3 nodes, limit 100 s) runs; B (2 nodes) is reserved at A's limit, C (4 nodes) at
  // B's. D (1 node, limit 300 s) fits now: EASY starts it on the node spare at B's reservation,
  // delaying C; conservative backfilling sees it would overlap C's reservation and reserves it
  // after C (tests/oracle/cases/conservative_vs_easy.swf on whole nodes).
  const std::vector<traces::JobSpec> jobs{test::job(0, 24, 100, 100), test::job(1, 16, 100, 100),
                                          test::job(2, 32, 100, 100), test::job(3, 8, 300, 300)};
  auto cfg = tiny();
  cfg.checkpoint.policy = model::CheckpointPolicy::kNone;
  auto easy = test::run_fleet(cfg, jobs)->cluster(0).job_records();
  CHECK(easy[3].start == from_seconds(4));
  CHECK(easy[2].start == from_seconds(304));
  cfg.sched.backfill = model::Backfill::kConservative;
  auto run = test::run_fleet(cfg, jobs);
  const auto cons = run->cluster(0).job_records();
  CHECK(cons[0].start == from_seconds(1));
  CHECK(cons[1].start == from_seconds(101));
  CHECK(cons[2].start == from_seconds(201));
  CHECK(cons[3].start == from_seconds(301));

  SECTION("a job that delays nobody is backfilled; sub-node jobs share a partly used node") {
    // E (1 node, runs 40 s, limit 50 s) ends before B's reservation: it starts at once. F and G
    // (4 GPUs each) share the node E frees.
    auto more = jobs;
    more.push_back(test::job(4, 8, 40, 50));
    more.push_back(test::job(5, 4, 40, 50));
    more.push_back(test::job(6, 4, 40, 50));
    auto r = test::run_fleet(cfg, more)->cluster(0).job_records();
    CHECK(r[4].start == from_seconds(5));
    CHECK(r[3].start == from_seconds(301));
    CHECK(r[5].start == from_seconds(45));  // E held the free node until 45
    CHECK(r[6].start == from_seconds(45));
  }
  SECTION("sched.backfill = none is FIFO") {
    cfg.sched.backfill = model::Backfill::kNone;
    auto fifo = test::run_fleet(cfg, jobs)->cluster(0).job_records();
    CHECK(fifo[3].start == from_seconds(301));
    CHECK(fifo[2].start == from_seconds(201));
  }
}

TEST_CASE("time limits: a job still running at its limit is killed", "[model][scheduler]") {
  auto cfg = tiny();
  cfg.checkpoint.policy = model::CheckpointPolicy::kNone;
  cfg.sched.enforce_time_limits = model::TimeLimits::kOn;
  // A (3 nodes) runs 100 s on a 50 s limit; B exactly its limit; C waits for all 4 nodes.
  auto run = test::run_fleet(
      cfg, {test::job(0, 24, 100, 50), test::job(0, 8, 100, 100), test::job(0, 32, 10, 10)});
  auto jobs = run->cluster(0).job_records();
  CHECK(jobs[0].state == JobState::kTimeout);
  CHECK(jobs[0].end == jobs[0].start + from_seconds(50));
  CHECK(jobs[0].restarts == 0);             // not requeued
  CHECK(jobs[0].lost == from_seconds(50));  // no checkpoint: all its work is lost
  CHECK(jobs[0].useful == 0);
  CHECK(jobs[1].state == JobState::kCompleted);  // ends at its limit: completes
  CHECK(jobs[2].start == from_seconds(101));     // after B (A's nodes came back at 51)

  SECTION("work up to the last checkpoint is kept") {
    auto ck = cfg;
    ck.checkpoint.policy = model::CheckpointPolicy::kFixed;
    ck.checkpoint.interval = from_seconds(20);
    ck.checkpoint.cost = 0;
    auto r = test::run_fleet(ck, {test::job(0, 8, 100, 50)})->cluster(0).job_records();
    CHECK(r[0].state == JobState::kTimeout);
    CHECK(r[0].useful == from_seconds(40));  // checkpoints at 20 and 40
    CHECK(r[0].lost == from_seconds(10));
  }
  SECTION("auto: synthetic jobs are killed, replayed trace jobs are not") {
    auto a = cfg;
    a.sched.enforce_time_limits = model::TimeLimits::kAuto;
    auto synthetic = test::job(0, 8, 100, 50);
    synthetic.job_class = core::JobClass::kSingle;
    auto r = test::run_fleet(a, {synthetic, test::job(0, 8, 100, 50)})->cluster(0).job_records();
    CHECK(r[0].state == JobState::kTimeout);
    CHECK(r[1].state == JobState::kCompleted);  // a trace job (JobClass::kTrace)
    a.sched.enforce_time_limits = model::TimeLimits::kOff;
    r = test::run_fleet(a, {synthetic})->cluster(0).job_records();
    CHECK(r[0].state == JobState::kCompleted);
  }
}
