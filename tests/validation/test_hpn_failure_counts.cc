// Link and switch failure counts of an Alibaba HPN fabric against the paper's monthly rates.
//
// Qian et al., "Alibaba HPN: A Data Center Network for Large Language Model Training"
// (SIGCOMM'24), section 2: 0.057% of NIC-to-ToR links and 0.051% of ToR switches fail in a
// month. In HPN each GPU's NIC has two 200G ports, one to each of two ToRs of its rail (dual
// plane), and a 1,024-GPU segment has 16 ToRs (8 rails x 2 planes): a fabric of G GPUs has 2G
// links and G / 64 ToRs. Those counts are worked out here from the paper's design, not read
// from the simulator. A giant-sized cluster (98 pods of 128 eight-GPU nodes, 100,352 GPUs) runs
// three years with only its links and switches failing; the counts must fall in the Poisson
// band of the paper's rates.
#include <catch2/catch.hpp>

#include "core/component.h"
#include "tests/validation/validation.h"

using namespace fleetsim;
using core::Component;

TEST_CASE("HPN link and ToR failures per month match Alibaba's published rates", "[validation]") {
  const double days = 3 * 365;
  auto cfg = validation::quiet(98, 128, 3 * 365);
  validation::with_network(cfg, "alibaba-hpn");
  const auto defaults = model::FailureConfig{};
  cfg.failures.link_rate = defaults.link_rate;
  cfg.failures.switch_rate = defaults.switch_rate;
  cfg.timeline_period = 30 * engine::kDay;
  cfg.seed = 3;
  auto run = test::run_fleet(cfg, {});

  double links = 0, tors = 0;
  for (const auto& f : run->cluster(0).failures()) {
    if (f.component == Component::kLink) ++links;
    if (f.component == Component::kLeafSwitch) ++tors;
  }
  const double gpus = static_cast<double>(cfg.fabric.total_gpus());
  const double months = days / 30.44;  // 30.44 days: the mean month
  const double expected_links = 2 * gpus * 0.057e-2 * months;
  const double expected_tors = gpus / 64 * 0.051e-2 * months;
  INFO("links " << links << " (expected " << expected_links << "), ToRs " << tors << " (expected "
                << expected_tors << ")");
  CHECK(std::abs(links - expected_links) < validation::poisson_band(expected_links));
  CHECK(std::abs(tors - expected_tors) < validation::poisson_band(expected_tors));
}
