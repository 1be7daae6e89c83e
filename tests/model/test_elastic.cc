// Elastic continuation (failures.recovery = elastic; sim/model/cluster/elastic.h): a training
// gang hit by a failure runs on with its surviving whole replicas, its remaining work converted
// by the step model, and grows back when nodes are free; too few survivors fall back to restart.
// Expected times are worked out here from the scripted events and the training library's step
// times, not from the cluster's code; the accounting is checked against the placement's own
// integral of busy GPUs.
#include <catch2/catch.hpp>
#include <cmath>

#include "sim/model/cluster/elastic.h"
#include "tests/model/failing_fleet.h"
#include "tests/model/fleet_harness.h"
#include "training/catalog.h"

using namespace fleetsim;
using engine::from_seconds;
using engine::kSecond;
using engine::Time;
using model::JobState;

namespace {

// One pod of `nodes` x 8 GPUs, one cluster, no random failures, fixed checkpoints every 100 s
// of 10 s each, a 50 s restart and a 20 s reconfiguration, failures seen 5 s late.
model::ModelConfig pod(int nodes, model::Recovery recovery) {
  model::ModelConfig cfg = test::quiet_fleet({1}, nodes);
  test::fixed_checkpoints(cfg);
  cfg.failures.recovery = recovery;
  cfg.checkpoint.reconfigure_overhead = 20 * kSecond;
  cfg.end_time = 100000 * kSecond;
  return cfg;
}

// `runtime` on `from` GPUs converted to `to` by the step-time model of the job that asked for
// `requested` GPUs (on the default H100 hardware): never linear.
Time resized(Time runtime, int requested, int from, int to) {
  const auto job = training::catalog_job(training::model_for_gpus(requested), from, {});
  const double f =
      training::step_time(training::resized(job, to)).step_s / training::step_time(job).step_s;
  return static_cast<Time>(std::ceil(static_cast<double>(runtime) * f));
}

// Wall time of a plan: overhead, then `work` in 100 s segments with a 10 s checkpoint between.
Time plan(Time overhead, Time work) {
  return overhead + work + (work - 1) / from_seconds(100) * from_seconds(10);
}

}  // namespace

TEST_CASE("replicas in whole nodes: what an elastic job keeps", "[model][elastic]") {
  // Llama 2 70B (256-2047 GPUs): tensor 8 x pipeline 4 = 32 GPUs = 4 nodes of 8.
  CHECK(model::replica_nodes(256, 8) == 4);
  CHECK(model::replica_nodes(16384, 8) == 16);  // Llama 3 405B: 8 x 16
  CHECK(model::replica_nodes(16, 8) == 1);      // Llama 2 7B: data parallel only
  CHECK(model::replica_nodes(4, 8) == 0);       // no step model: restarts
  CHECK(model::nodes_kept(31, 4) == 28);
  CHECK(model::nodes_kept(3, 4) == 0);
  const auto fits_up_to = [](int n) { return [n](int k) { return k <= n; }; };
  CHECK(model::nodes_to_grow(24, 32, 4, fits_up_to(100)) == 8);  // back to full
  CHECK(model::nodes_to_grow(24, 32, 4, fits_up_to(7)) == 4);    // one replica of two
  CHECK(model::nodes_to_grow(24, 32, 4, fits_up_to(3)) == 0);
}

TEST_CASE("an elastic job shrinks at a failure and grows back at the repair", "[model][elastic]") {
  // Llama 2 70B on all 32 nodes (256 GPUs, 8 replicas of 4 nodes), 1000 s of work, from t=1.
  // Node 0 fails at t=251 (250 s in: 2 checkpoints, 200 s saved, 230 computed), seen at 256.
  // Elastic: 31 nodes survive, it keeps 7 replicas (28 nodes, 224 GPUs) and gives 3 back; the
  // 800 s left take resized(800, 256 -> 224) on 224 GPUs, after a 20 s reconfiguration. Node 0
  // is back at 751: 4 nodes free, it grows back at once, keeping all it computed (a planned
  // reconfiguration): 495 s into its shrunk attempt, 20 s stall then 4 segments and checkpoints
  // (440 s) and 35 s computed. The rest converts back to 256 GPUs and runs after another stall.
  const Time fail = from_seconds(251), seen = from_seconds(256), up = from_seconds(751);
  auto run = test::run_fleet(pod(32, model::Recovery::kElastic), {test::job(0, 256, 1000, 1e5)},
                             {{fail, from_seconds(500), 0}});
  const auto j = run->cluster(0).job_records().at(0);
  const Time shrunk_work = resized(from_seconds(800), 256, 256, 224);
  const Time done_shrunk = from_seconds(435);
  const Time back = resized(shrunk_work - done_shrunk, 256, 224, 256);
  CHECK(j.state == JobState::kCompleted);
  CHECK(j.restarts == 0);
  CHECK(j.shrinks == 1);
  CHECK(j.grows == 1);
  CHECK(j.end == up + plan(from_seconds(20), back));
  // Per GPU of its 256: the shrunk stretch counts 28/32 of its wall time.
  const auto w = [](Time t) {
    return static_cast<Time>(std::floor(static_cast<double>(t) * 0.875));
  };
  CHECK(j.ran_shrunk == w(up - seen));
  CHECK(j.allocated == (seen - from_seconds(1)) + w(up - seen) + (j.end - up));
  CHECK(j.useful == from_seconds(200) + w(done_shrunk) + back);
  CHECK(j.useful + j.lost + j.checkpoint + j.degraded + j.contended == j.allocated);
  // Not linear: 7 replicas run ceil(1024 / 7) = 147 microbatches each instead of 128.
  CHECK(shrunk_work != from_seconds(800) * 8 / 7);

  SECTION("without free nodes it stays shrunk to its end") {
    // Node 0 stays down past the job's end: it ends at seen + the shrunk plan.
    auto r2 = test::run_fleet(pod(32, model::Recovery::kElastic), {test::job(0, 256, 1000, 1e5)},
                              {{fail, from_seconds(50000), 0}});
    const auto k = r2->cluster(0).job_records().at(0);
    CHECK(k.grows == 0);
    CHECK(k.end == seen + plan(from_seconds(20), shrunk_work));
    CHECK(k.ran_shrunk == w(k.end - seen));
    CHECK(k.useful + k.lost + k.checkpoint + k.degraded + k.contended == k.allocated);
  }
  SECTION("restart, the default, waits for the repair") {
    auto r3 = test::run_fleet(pod(32, model::Recovery::kRestart), {test::job(0, 256, 1000, 1e5)},
                              {{fail, from_seconds(500), 0}});
    const auto k = r3->cluster(0).job_records().at(0);
    CHECK(k.shrinks == 0);
    CHECK(k.restarts == 1);
    CHECK(k.end == up + plan(from_seconds(50), from_seconds(800)));
  }
}

TEST_CASE("an elastic job with less than one replica left restarts", "[model][elastic]") {
  // Llama 2 7B (data parallel only: a replica is one node) on one node of two: its failure
  // leaves no node, so it goes back to the queue and restarts whole on the other node once the
  // failure is seen, as under restart: 200 s saved of 230 computed, 50 s restart, then 800 s.
  auto run = test::run_fleet(pod(2, model::Recovery::kElastic), {test::job(0, 8, 1000, 1e5)},
                             {{from_seconds(251), from_seconds(500), 0}});
  const auto j = run->cluster(0).job_records().at(0);
  CHECK(j.shrinks == 0);
  CHECK(j.restarts == 1);
  CHECK(j.end == from_seconds(256) + plan(from_seconds(50), from_seconds(800)));
  CHECK(j.lost == from_seconds(35 + 50));
}

TEST_CASE("an elastic job falls back to restart when its second failure leaves no replica",
          "[model][elastic]") {
  // A Llama 2 70B job (256 GPUs asked, replicas of 4 nodes) shrunk to fit a 6-node cluster: one
  // replica on 6 nodes. Node 0 fails at 251: 5 survive, it keeps 4 and runs on; node 1 fails at
  // 351: 3 survive, less than a replica, so it goes back to the queue and restarts whole (6
  // nodes) when node 0 is repaired at 1251.
  auto cfg = pod(6, model::Recovery::kElastic);
  cfg.sched.shrink_fraction = 1.0;
  auto run = test::run_fleet(
      cfg, {test::job(0, 256, 1000, 1e6)},
      {{from_seconds(251), from_seconds(1000), 0}, {from_seconds(351), from_seconds(1000), 1}});
  const auto j = run->cluster(0).job_records().at(0);
  CHECK(j.job.gpus == 48);
  CHECK(j.state == JobState::kCompleted);
  CHECK(j.shrinks == 1);
  CHECK(j.restarts == 1);
  CHECK(j.start == from_seconds(1));
  CHECK(j.end > from_seconds(1251 + 50));
  CHECK(j.ran_shrunk == static_cast<Time>(std::floor(from_seconds(100) * 4.0 / 6.0)));
  CHECK(j.useful + j.lost + j.checkpoint + j.degraded + j.contended == j.allocated);
}

TEST_CASE("elastic accounting is exact on a random run with many failures", "[model][elastic]") {
  model::ModelConfig cfg = test::failing_fleet();
  cfg.failures.recovery = model::Recovery::kElastic;
  const traces::SyntheticConfig workload = test::busy_workload();
  auto run = test::run_fleet(cfg, {}, {}, &workload);
  std::int64_t shrinks = 0, grows = 0;
  for (int c = 0; c < run->map->clusters(); ++c) {
    auto& cl = run->cluster(c);
    // Independent of the records: the GPU-time the placement held for jobs, integrated by the
    // cluster's statistics, against the records' allocated times x their GPUs.
    double held_by_records = 0;
    for (const auto& j : cl.job_records()) {
      REQUIRE(j.useful + j.lost + j.checkpoint + j.degraded + j.contended == j.allocated);
      REQUIRE(j.useful >= 0);
      REQUIRE(j.lost >= 0);
      REQUIRE(j.ran_shrunk >= 0);
      REQUIRE(j.ran_shrunk <= j.allocated);
      if (j.shrinks == 0) REQUIRE(j.ran_shrunk == 0);
      REQUIRE(j.grows <= j.shrinks);
      held_by_records += engine::to_seconds(j.allocated) * j.gpus_allocated;
      shrinks += j.shrinks;
      grows += j.grows;
    }
    // Rounding: at most 1 us per GPU per attempt booked.
    CHECK(held_by_records == Approx(cl.totals().busy_gpu_seconds).epsilon(1e-9));
  }
  CHECK(shrinks > 50);
  CHECK(grows > 10);
}
