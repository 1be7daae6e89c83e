// Job mean time to failure against job size under Meta RSC-1's node failure rate.
//
// Kokolis et al., "Revisiting Reliability in Large-Scale Machine Learning Research Clusters"
// (HPCA'25) measure 6.50 node failures per 1000 node-days on RSC-1 and project a job's MTTF as
// that of its nodes in series, 1 / (N r_f): 1.8 h for a 16,384-GPU job and 0.23 h (14 min) for
// a 131,072-GPU job, the two projections the paper quotes. The simulator must give a job of N
// nodes interruptions at that rate: a single job of each size runs alone on a cluster with spare
// nodes (repairs are short and fixed, so a restart never waits for hardware) for long enough to
// see about 300 interruptions, and its measured MTTF (time holding its nodes / interruptions)
// must agree with the projection within the Poisson band of its count.
#include <catch2/catch.hpp>

#include "tests/validation/validation.h"

using namespace fleetsim;
using validation::poisson_band;

namespace {

constexpr double kRsc1 = 6.50;  // node failures per 1000 node-days, RSC-1 (HPCA'25)

struct Measured {
  double held_s = 0;      // wall time the job held its nodes
  int interruptions = 0;  // failures that stopped it
};

Measured run_job(int gpus, std::uint64_t seed) {
  const int nodes = gpus / 8;
  const double mttf_s = 1 / (nodes * validation::per_node_second(kRsc1));
  const double span_s = 300 * mttf_s;  // ~300 interruptions
  const int nodes_per_pod = 128;
  const int pods = (nodes + nodes / 16 + nodes_per_pod - 1) / nodes_per_pod + 1;  // ~6% spare
  auto cfg = validation::quiet(pods, nodes_per_pod, 0);
  cfg.end_time = engine::from_seconds(span_s);
  cfg.seed = seed;
  cfg.failures.node_rate = kRsc1;
  cfg.failures.repair = model::RepairDistribution::kFixed;
  cfg.failures.repair_mean = engine::kHour;
  // A failure is only seen after detect_latency; a second failure of the job's nodes inside that
  // window would merge with the first (one restart). Meta's projection counts every failure,
  // so the window is made negligible against the smallest MTTF here (13.5 min).
  cfg.failures.detect_latency = engine::kSecond;
  cfg.checkpoint.policy = model::CheckpointPolicy::kNone;
  auto run = test::run_fleet(cfg, {test::job(0, gpus, 10 * span_s, 100 * span_s)});
  Measured m;
  for (const auto& f : run->cluster(0).failures())
    if (f.jobs_interrupted > 0) ++m.interruptions;
  const auto j = run->cluster(0).job_records().at(0);
  m.held_s = engine::to_seconds(j.allocated);
  return m;
}

}  // namespace

TEST_CASE("job MTTF against job size follows RSC-1's rate (Meta, HPCA'25)", "[validation]") {
  // The paper's two projected points, from 1 / (N r_f) in hours; checked here so that a change
  // of the constant above is caught.
  const double per_hour = kRsc1 / 1000 / 24;
  CHECK(1 / (2048 * per_hour) == Approx(1.8).epsilon(0.01));    // 16,384 GPUs
  CHECK(1 / (16384 * per_hour) == Approx(0.23).epsilon(0.03));  // 131,072 GPUs

  for (int gpus : {1024, 4096, 16384, 65536, 131072}) {
    const Measured m = run_job(gpus, 11);
    const double mttf_h = 1 / (gpus / 8 * per_hour);
    const double expected = m.held_s / 3600 / mttf_h;  // interruptions expected while held
    INFO(gpus << " GPUs: " << m.interruptions << " interruptions in " << m.held_s / 3600
              << " h held, expected " << expected << ", measured MTTF "
              << m.held_s / 3600 / m.interruptions << " h, projected " << mttf_h << " h");
    CHECK(expected > 250);
    CHECK(std::abs(m.interruptions - expected) < poisson_band(expected));
  }
}
