// Checkpoint intervals and costs (issue 11 item 4): Daly's and Young's intervals against the
// numerical optimum of the exact model they approximate, and a training job's checkpoint stall
// from its model's size, worked out by hand.
#include <catch2/catch.hpp>
#include <cmath>

#include "sim/model/cluster/job_progress.h"
#include "sim/model/job_speed.h"

using namespace fleetsim;

namespace {

// Expected wall time of one segment of tau compute plus a checkpoint of cost C when failures
// are exponential with mean M and a failed segment restarts at once (no restart cost): Daly,
// FGCS 2006, eq. (10) with R = 0: M (e^((tau + C) / M) - 1). The useful share is tau over it.
double efficiency(double tau, double cost, double mtbf) {
  return tau / (mtbf * std::expm1((tau + cost) / mtbf));
}

double numerical_optimum(double cost, double mtbf) {
  double best = 0, best_tau = 0;
  for (double tau = cost / 100; tau < 10 * mtbf; tau *= 1.0001) {
    const double e = efficiency(tau, cost, mtbf);
    if (e > best) best = e, best_tau = tau;
  }
  return best_tau;
}

}  // namespace

TEST_CASE("Daly's interval sits at the optimum, closer than Young's", "[model][checkpoint]") {
  const double hour = 3600e6;
  for (const auto& [cost, mtbf] :
       {std::pair{600e6, 10 * hour}, std::pair{60e6, 2 * hour}, std::pair{1800e6, 5 * hour}}) {
    const double opt = numerical_optimum(cost, mtbf);
    const auto daly = static_cast<double>(model::daly_interval(cost, mtbf));
    const auto young = static_cast<double>(model::young_interval(cost, mtbf));
    INFO("C " << cost / 1e6 << " s, M " << mtbf / hour << " h: optimum " << opt / 1e6
              << " s, Daly " << daly / 1e6 << " s, Young " << young / 1e6 << " s");
    CHECK(std::abs(daly - opt) / opt < 0.02);
    CHECK(std::abs(daly - opt) <= std::abs(young - opt));
    // Both are near-optimal in what matters, the useful share (within 0.5%).
    CHECK(efficiency(daly, cost, mtbf) > 0.995 * efficiency(opt, cost, mtbf));
  }
  // Past C = 2M Daly checkpoints once per mean time to failure.
  CHECK(model::daly_interval(3 * hour, hour) == static_cast<engine::Time>(hour));
}

TEST_CASE("a training job's checkpoint stall follows its model's size", "[model][checkpoint]") {
  model::ModelConfig cfg;
  const model::JobSpeed speed(cfg);
  // 14 bytes per parameter at 0.98 Gb/s per GPU: Llama 3 405B on 16,384 GPUs,
  // 405e9 x 14 x 8 / (0.98e9 x 16,384) = 2.83 s; Llama 2 7B on 8 GPUs,
  // 6.7e9 x 14 x 8 / (0.98e9 x 8) = 95.7 s.
  CHECK(engine::to_seconds(speed.checkpoint_cost(16384, 16384)) == Approx(2.825).epsilon(0.002));
  CHECK(engine::to_seconds(speed.checkpoint_cost(8, 8)) == Approx(95.71).epsilon(0.002));
  // Shrunk to fewer GPUs, the same checkpoint takes longer; a sub-node job uses checkpoint.cost.
  CHECK(speed.checkpoint_cost(16384, 8192) > speed.checkpoint_cost(16384, 16384));
  CHECK(speed.checkpoint_cost(4, 4) == cfg.checkpoint.cost);
  cfg.checkpoint.from_model = false;
  CHECK(model::JobSpeed(cfg).checkpoint_cost(16384, 16384) == cfg.checkpoint.cost);
}
