// The expected effective training time ratio (ETTR) of one large job under node failures,
// checkpoints and restarts, against Meta's closed form over checkpoint intervals and restart
// overheads. Kokolis et al., "Revisiting Reliability in Large-Scale ML Research Clusters"
// (HPCA'25), to first order:
//   E[ETTR] ~ (1 - N r_f (u0 + dcp/2)) / (1 + w_cp/dcp)
// with N nodes, r_f the node failure rate, u0 the time lost per failure besides rolled-back work
// (here detection + restart overhead), dcp the checkpoint interval and w_cp its cost.
//
// The formula drops terms of second order in the loss N r_f (u0 + dcp/2): the grid below keeps
// that loss under 15%, where the dropped terms are about 1% of ETTR. Statistics: a run sees n ~ 300
// failures, each costing u0 plus a uniform share of the interval, so the measured loss has a
// relative standard deviation of about 1/sqrt(n) (6%) of the loss, under 1% of ETTR; the
// tolerance, 3% of ETTR, holds both. A model that lost a whole interval per failure instead of
// half of one would miss by N r_f dcp/2, 2-8% here, and fail at the larger intervals.
#include <catch2/catch.hpp>
#include <cmath>

#include "tests/validation/validation.h"

using namespace fleetsim;

TEST_CASE("a large job's ETTR matches Meta's first-order formula", "[validation]") {
  constexpr int kNodes = 2048;
  constexpr double kRsc2 = 2.34;  // node failures per 1000 node-days, RSC-2 (HPCA'25)
  const double rate = validation::per_node_second(kRsc2);
  const double mttf = 1 / (kNodes * rate);
  const double w_cp = 60;  // s per checkpoint
  const double young = std::sqrt(2 * w_cp * mttf);
  const double detect = 30;

  for (double factor : {0.5, 1.0, 2.0}) {
    for (double restart_min : {5.0, 15.0}) {
      auto cfg = validation::quiet(17, 128, 120);  // 2,176 nodes: spares for every restart
      cfg.failures.node_rate = kRsc2;
      cfg.failures.repair = model::RepairDistribution::kFixed;
      cfg.failures.repair_mean = 2 * engine::kHour;
      cfg.failures.detect_latency = engine::from_seconds(detect);
      cfg.checkpoint.policy = model::CheckpointPolicy::kFixed;
      cfg.checkpoint.interval = engine::from_seconds(factor * young);
      cfg.checkpoint.cost = engine::from_seconds(w_cp);
      cfg.checkpoint.restart_overhead = engine::from_seconds(restart_min * 60);
      cfg.seed = 21;
      const double work_s = 90 * 86400.0;
      auto run = test::run_fleet(cfg, {test::job(0, kNodes * 8, work_s, 10 * work_s)});
      const auto j = run->cluster(0).job_records().at(0);
      REQUIRE(j.state == model::JobState::kCompleted);

      const double dcp = factor * young;
      const double u0 = restart_min * 60 + detect;
      const double expected = (1 - (u0 + dcp / 2) / mttf) / (1 + w_cp / dcp);
      const double ettr = work_s / engine::to_seconds(j.end - j.start);
      INFO("interval " << factor << " x Young (" << dcp << " s), restart " << restart_min
                       << " min: restarts " << j.restarts << ", MTTF " << mttf / 3600 << " h, ETTR "
                       << ettr << ", formula " << expected);
      CHECK(j.restarts > 250);
      CHECK((u0 + dcp / 2) / mttf < 0.15);
      CHECK(std::abs(ettr - expected) < 0.02);
    }
  }
}
