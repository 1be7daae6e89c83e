// Llama 3 405B's 54 days on 16,384 H100 (Dubey et al., "The Llama 3 Herd of Models", 2024,
// section 3.3.4 and Table 5): 466 job interruptions, 47 of them planned (automated maintenance)
// and 419 unexpected, of which 148 faulty GPUs, 72 HBM3, 54 software bugs, 35 network switches
// and cables, 32 unplanned host maintenance, 19 GPU SRAM, 17 GPU system processors, 7 NICs,
// 7 NCCL watchdog timeouts, 6 silent data corruptions, 6 GPU thermal interfaces, and 12 more
// of 2 or 3 each (SSD, power supply, chassis, IO network, dependency, CPU, system memory).
//
// The job runs alone for 54 days on Meta's 24K RoCE cluster (the fabric preset meta-24k-roce,
// where it trained: one NIC link per GPU, a single plane, so a link or ToR failure stops the
// job), at the node failure rate equivalent to the table's node causes (382 in 54 days on 2,048
// nodes) with the network's failure rates and the maintenance rate at their defaults. The number
// of unexpected and planned interruptions must fall in the Poisson band of the paper's counts,
// and their causes must follow the table's mix (chi-square).
#include <catch2/catch.hpp>

#include "core/component.h"
#include "tests/validation/validation.h"

using namespace fleetsim;
using core::Component;

TEST_CASE("a 16384-GPU job for 54 days sees Llama 3's interruptions and causes", "[validation]") {
  const int nodes = 2048;
  const double days = 54;
  // The table's causes grouped as core/component.h groups them, written out again here.
  const std::map<std::string, double> paper = {
      {"gpu", 148},
      {"hbm", 72},
      {"gpu_sram", 19},
      {"gpu_system", 17 + 6},
      {"nic", 7},
      {"host", 32 + 3 + 3 + 2 + 2 + 2},
      {"software", 54 + 7 + 6},
      {"other", 2},
      {"network", 35 + 2},  // Network Switch/Cable, IO Network
  };
  double node_causes = 0;
  for (const auto& [k, n] : paper)
    if (k != "network") node_causes += n;
  REQUIRE(node_causes == 382);

  // 24,576 GPUs = 8 pods of 384 nodes (3,072-GPU pods); the job takes 2,048 nodes, the rest are
  // spares for its restarts.
  auto cfg = validation::quiet(8, 384, 54);
  validation::with_network(cfg, "meta-24k-roce");
  const auto defaults = model::FailureConfig{};
  cfg.failures.node_rate = node_causes / (nodes * days) * 1000;  // 3.45 per 1000 node-days
  cfg.failures.link_rate = defaults.link_rate;
  cfg.failures.link_flap_rate = defaults.link_flap_rate;
  cfg.failures.switch_rate = defaults.switch_rate;
  cfg.failures.maintenance_rate = defaults.maintenance_rate;
  cfg.failures.repair = model::RepairDistribution::kFixed;
  cfg.failures.repair_mean = 4 * engine::kHour;
  cfg.seed = 5;
  const double work_s = 200 * 86400.0;  // still running at day 54
  auto run = test::run_fleet(cfg, {test::job(0, nodes * 8, work_s, 10 * work_s)});

  std::map<std::string, double> causes;
  double unexpected = 0, planned = 0;
  for (const auto& f : run->cluster(0).failures()) {
    if (f.jobs_interrupted == 0) continue;
    if (f.component == Component::kMaintenance) {
      ++planned;
      continue;
    }
    ++unexpected;
    const auto kind = static_cast<int>(f.component);
    causes[kind <= static_cast<int>(Component::kOther) ? std::string(core::name(f.component))
                                                       : "network"] += 1;
  }
  INFO("unexpected " << unexpected << " (paper 419), planned " << planned << " (paper 47)");
  std::string mix;
  for (const auto& [k, n] : paper)
    mix += k + " " + std::to_string(causes.count(k) ? static_cast<int>(causes.at(k)) : 0) +
           " (paper " + std::to_string(static_cast<int>(n)) + "); ";
  INFO(mix);

  // Counts: the paper's counts are one draw each; the band is that of a Poisson count with the
  // paper's mean.
  CHECK(std::abs(unexpected - 419) < validation::poisson_band(419));
  CHECK(std::abs(planned - 47) < validation::poisson_band(47));

  // Mix: the simulated causes against the paper's shares, scaled to the simulated total. The
  // categories below 5 expected (nic, other) are pooled, as the chi-square test needs.
  std::map<std::string, double> expected, observed;
  for (const auto& [k, n] : paper) {
    const std::string key = n < 10 ? "small" : k;
    expected[key] += n / 419 * unexpected;
    observed[key] += causes.count(k) ? causes.at(k) : 0;
  }
  const double chi2 = validation::chi_square(observed, expected);
  const int dof = static_cast<int>(expected.size()) - 1;
  INFO("chi-square " << chi2 << " on " << dof << " degrees of freedom");
  CHECK(chi2 < validation::chi_square_999(dof));
}
