// Migration of interrupted jobs (sched.migrate_interrupted; sim/model/cluster_migrate.cc): a
// started job that a failure requeues moves to the cluster where it is expected to start sooner,
// its checkpoint copied over the WAN. Expected times are worked out here from the scripted
// events, the latencies and the catalog's parameter counts, not from the cluster's code.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <set>

#include "sim/io/scenario.h"
#include "tests/model/fleet_harness.h"
#include "training/catalog.h"

using namespace fleetsim;
using engine::from_seconds;
using engine::kSecond;
using engine::Time;
using model::JobState;

namespace {

// Two clusters of one pod of 4 nodes x 8 GPUs, no random failures, 1 s latencies, failures
// seen 5 s late, fixed checkpoints every 100 s of 10 s each, a 50 s restart.
model::ModelConfig two_clusters() {
  model::ModelConfig cfg = test::quiet_fleet({1, 1}, 4);
  test::fixed_checkpoints(cfg);
  cfg.sched.migrate_threshold = from_seconds(100);
  cfg.end_time = 100000 * kSecond;
  return cfg;
}

// The checkpoint of the model a job of `gpus` GPUs trains (14 bytes a parameter) over the
// default WAN (12,800 Gb/s a site, 4.9 ms one way).
Time transfer_of(int gpus) {
  const double params = training::catalog()[training::model_for_gpus(gpus)].model.params;
  return static_cast<Time>(std::ceil((params * 14 * 8 / 12800e9 + 4.9e-3) * 1e6));
}

}  // namespace

TEST_CASE("an interrupted job moves to a free cluster and resumes from its checkpoint",
          "[model][migrate]") {
  // X (32 GPUs, 1000 s of work, limit 2000 s) runs on cluster 0 from t=1; Y (8 GPUs, 10 s) runs
  // on cluster 1 from t=1 to 11, so cluster 1 reports itself empty. Node 0 of cluster 0 fails at
  // t=251 for 5000 s (250 s in: two checkpoints, 200 s saved), seen at 256: X is requeued, and
  // cluster 0 expects it to start in 8/24 turnovers of 2000 s (its 3 nodes up are free, it
  // needs 4), at 256 + 666.7. The offer reaches the router at 257, which expects it to start on
  // cluster 1 at its arrival, 258 + transfer: sooner by more than 100 s. The take reaches
  // cluster 0 at 258; the checkpoint arrives at cluster 1 at 258 + transfer, where X starts at
  // once, pays the 50 s restart and runs its 800 s left with 7 checkpoints.
  const std::vector<traces::JobSpec> jobs{test::job(0, 32, 1000, 2000), test::job(0, 8, 10, 10)};
  auto cfg = two_clusters();
  const std::vector<test::ScriptedFailure> fail{{from_seconds(251), from_seconds(5000), 0}};
  const Time transfer = transfer_of(32);

  auto stay = test::records_by_id(*test::run_fleet(cfg, jobs, fail));
  CHECK(stay[0].cluster == 0);
  CHECK(stay[0].migrations == 0);
  CHECK(stay[0].end == from_seconds(5251) + from_seconds(50 + 800 + 70));  // after the repair

  cfg.sched.migrate_interrupted = true;
  auto run = test::run_fleet(cfg, jobs, fail);
  auto moved = test::records_by_id(*run);
  REQUIRE(moved.size() == 2);  // each job reported once, by one cluster
  const auto& x = moved[0];
  CHECK(x.cluster == 1);
  CHECK(x.state == JobState::kCompleted);
  CHECK(x.migrations == 1);
  CHECK(x.migrate_time == transfer);
  CHECK(x.restarts == 1);
  CHECK(x.start == from_seconds(1));       // its first start, on cluster 0
  CHECK(x.job.submit == from_seconds(0));  // its submission, kept
  const Time arrival = from_seconds(258) + transfer;
  CHECK(x.end == arrival + from_seconds(50 + 800 + 70));
  // Booked: 255 s on cluster 0 to the failure's detection (200 useful, 20 checkpoint, 30 lost
  // since the last one and the 5 s until it was seen), then 50 + 800 + 70 on cluster 1.
  CHECK(x.useful == from_seconds(1000));
  CHECK(x.checkpoint == from_seconds(20 + 70));
  CHECK(x.lost == from_seconds(35 + 50));
  CHECK(x.allocated == from_seconds(255 + 920));
  CHECK(x.useful + x.lost + x.checkpoint + x.degraded + x.contended == x.allocated);
  // Its transfer is waiting: from the failure to its end, everything not allocated.
  CHECK(x.end - x.start - x.allocated == arrival - from_seconds(256));
}

TEST_CASE("an interrupted job stays when the other cluster is no sooner", "[model][migrate]") {
  // As above, but Y holds all of cluster 1 for 100000 s: cluster 1 expects X at Y's limit,
  // later than staying (256 + 666.7 s). X waits for its node's repair on cluster 0.
  const std::vector<traces::JobSpec> jobs{test::job(0, 32, 1000, 2000),
                                          test::job(0, 32, 100000, 100000)};
  auto cfg = two_clusters();
  cfg.end_time = 200000 * kSecond;
  cfg.sched.migrate_interrupted = true;
  auto all = test::records_by_id(
      *test::run_fleet(cfg, jobs, {{from_seconds(251), from_seconds(5000), 0}}));
  CHECK(all[0].cluster == 0);
  CHECK(all[0].migrations == 0);
  CHECK(all[0].migrate_time == 0);
  CHECK(all[0].end == from_seconds(5251) + from_seconds(50 + 800 + 70));
}

TEST_CASE("migration accounting is exact, one row per job, on a random run", "[model][migrate]") {
  // The default scenario on 10x10k for 12 days (seed 3, as equivalence_migrate): ~800 failures
  // interrupt jobs on ten busy clusters, and some of the interrupted move (14 here). A small
  // test fleet hardly ever gives a move (every cluster is as busy as the one a job left).
  io::Scenario s = io::default_scenario();
  io::apply_option(s, "duration", "12d", "test");
  io::apply_option(s, "seed", "3", "test");
  io::apply_option(s, "sched.migrate_interrupted", "true", "test");
  io::apply_option(s, "sched.migrate_threshold", "10min", "test");
  const model::ModelConfig cfg = io::model_for(s, "10x10k");
  auto run = test::run_fleet(cfg, {}, {}, &s.workload);
  std::set<std::uint64_t> ids;
  std::int64_t migrations = 0, rows = 0;
  double held_by_records = 0, busy = 0;
  for (int c = 0; c < run->map->clusters(); ++c) {
    auto& cl = run->cluster(c);
    for (const auto& j : cl.job_records()) {
      REQUIRE(ids.insert(j.job.id).second);  // one row per job
      ++rows;
      REQUIRE(j.useful + j.lost + j.checkpoint + j.degraded + j.contended == j.allocated);
      REQUIRE(j.useful >= 0);
      REQUIRE(j.lost >= 0);
      REQUIRE((j.migrations > 0) == (j.migrate_time > 0));
      if (j.migrations > 0) REQUIRE(j.restarts >= j.migrations);
      held_by_records += engine::to_seconds(j.allocated) * j.gpus_allocated;
      migrations += j.migrations;
    }
    busy += cl.totals().busy_gpu_seconds;
  }
  // Every job the router sent to a cluster is reported exactly once, in flight or not.
  CHECK(rows + static_cast<std::int64_t>(run->router().rejected().size()) ==
        static_cast<std::int64_t>(run->router().jobs_submitted()));
  // Independent of the records: the GPU-time the clusters' placements held, summed over the
  // fleet (a migrated job's attempts are on two clusters), against the records' allocated times.
  CHECK(held_by_records == Approx(busy).epsilon(1e-9));
  CHECK(migrations > 0);  // the run exercises what it checks
}
