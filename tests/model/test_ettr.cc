// Validation against a published figure: the expected effective training time ratio of one large
// job under node failures, checkpoints and restarts, from Meta's "Revisiting Reliability in
// Large-Scale ML Research Clusters" (HPCA'25):
//   E[ETTR] ~ (1 - N r_f (u0 + dcp/2)) / (1 + w_cp/dcp)
// with N nodes, r_f the node failure rate, u0 the time lost per failure besides rolled-back work
// (here detection + restart overhead), dcp the checkpoint interval and w_cp its cost.
#include <catch2/catch.hpp>
#include <cmath>

#include "tests/model/fleet_harness.h"

using namespace fleetsim;

TEST_CASE("a large job's ETTR matches Meta's first-order formula", "[model][validation]") {
  model::ModelConfig cfg;  // default fabric: 98 pods x 128 nodes x 8 GPUs
  cfg.layout = {"giant", "", "test", {98}};
  cfg.failures.node_rate = 2.34;  // RSC-2, per 1000 node-days
  cfg.failures.maintenance_rate = 0;  // Meta's formula counts failures only
  cfg.checkpoint.from_model = false;  // the formula below takes checkpoint.cost
  // Short fixed repairs leave spare nodes for every restart: no waiting for hardware.
  cfg.failures.repair = model::RepairDistribution::kFixed;
  cfg.failures.repair_mean = 2 * engine::kHour;
  cfg.end_time = 60 * engine::kDay;
  cfg.timeline_period = engine::kDay;
  const int nodes = 4096;
  const double work_s = 20 * 86400.0;
  auto run = test::run_fleet(cfg, {test::job(0, nodes * 8, work_s, 2 * work_s)});
  const auto j = run->cluster(0).job_records().at(0);
  REQUIRE(j.state == model::JobState::kCompleted);

  const double rate = cfg.failures.node_rate / 1000 / 86400;  // per node-second
  const double mttf = 1 / (nodes * rate);
  const double w_cp = engine::to_seconds(cfg.checkpoint.cost);
  const double dcp = std::sqrt(2 * w_cp * mttf);  // Young, as the model's default policy
  const double u0 =
      engine::to_seconds(cfg.checkpoint.restart_overhead + cfg.failures.detect_latency);
  const double expected = (1 - (u0 + dcp / 2) / mttf) / (1 + w_cp / dcp);
  const double ettr = work_s / engine::to_seconds(j.end - j.start);
  INFO("restarts " << j.restarts << ", MTTF " << mttf / 3600 << " h, ETTR " << ettr << ", formula "
                   << expected);
  CHECK(j.restarts > 100);
  CHECK(ettr == Approx(expected).epsilon(0.03));
}
