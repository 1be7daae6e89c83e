// Shared pieces of the validation suite (ctest label `validation`): each test reproduces a
// published figure with the whole model, and judges the agreement with the statistics a test of
// a random process needs. Tolerances are stated as the probability that a correct model fails
// the check (about 1 in 1000 for each), so a failure means a wrong model, not bad luck; the seeds
// are fixed, so each run of the suite gives the same answer.
#pragma once
#include <cmath>
#include <map>
#include <string>

#include "fabric/build.h"
#include "fabric/presets.h"
#include "tests/model/fleet_harness.h"

namespace fleetsim::validation {

// z of a two-sided test at p = 0.001.
inline constexpr double kZ = 3.29;

// The half-width of the band a Poisson count with mean `mean` stays in with probability 0.999
// (normal approximation; every mean below is in the tens or more).
inline double poisson_band(double mean) { return kZ * std::sqrt(mean); }

// Pearson's chi-square of observed counts against expected ones over the same categories.
inline double chi_square(const std::map<std::string, double>& observed,
                         const std::map<std::string, double>& expected) {
  double chi2 = 0;
  for (const auto& [k, e] : expected) {
    const auto it = observed.find(k);
    const double o = it == observed.end() ? 0 : it->second;
    chi2 += (o - e) * (o - e) / e;
  }
  return chi2;
}

// The 0.999 quantile of chi-square with k degrees of freedom (NIST/SEMATECH e-Handbook, table
// 1.3.6.7.4, upper critical values at alpha = 0.001).
inline double chi_square_999(int k) {
  static constexpr double table[] = {0,      10.828, 13.816, 16.266, 18.467, 20.515,
                                     22.458, 24.322, 26.124, 27.877, 29.588};
  return table[k];
}

// A configuration with nothing random but what a test turns on: no failures of any kind, no
// maintenance, no network, checkpoint costs not from model sizes, time limits not enforced.
inline model::ModelConfig quiet(int pods, int nodes_per_pod, engine::Time days) {
  model::ModelConfig cfg;
  cfg.fabric = {pods, nodes_per_pod, 8};
  cfg.layout = {"one", "", "validation", {pods}};
  cfg.network.name = "none";
  cfg.failures.node_rate = 0;
  cfg.failures.link_rate = cfg.failures.link_flap_rate = cfg.failures.switch_rate = 0;
  cfg.failures.maintenance_rate = 0;
  cfg.checkpoint.from_model = false;
  cfg.sched.enforce_time_limits = model::TimeLimits::kOff;
  cfg.end_time = days * engine::kDay;
  cfg.timeline_period = engine::kDay;
  return cfg;
}

// The network preset `name`, built for the one cluster of `cfg`.
inline void with_network(model::ModelConfig& cfg, const std::string& name) {
  cfg.network.name = name;
  cfg.network.spec = std::make_shared<const fabric::FabricSpec>(fabric::load_fabric(name));
  cfg.network.clusters = {fabric::build_network(*cfg.network.spec, cfg.fabric.total_gpus())};
}

inline double per_node_second(double per_1000_node_days) {
  return per_1000_node_days / 1000 / 86400;
}

}  // namespace fleetsim::validation
