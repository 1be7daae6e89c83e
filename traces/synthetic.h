// The embedded default workload: a seeded synthetic AI-cluster job stream.
//
// Two independent Poisson streams, merged by submit time:
//  - regular jobs, by count mostly 1 GPU, then 2-8 GPU jobs, gangs of 16-1024 GPUs and a few
//    large gangs of 2k-8k GPUs, with class-specific lognormal runtimes;
//  - frontier training runs of 16k-90k GPUs, a handful per year, each with a fixed amount of work
//    in GPU-days (so their runtime depends on their size).
// The regular arrival rate is solved for so that the offered load (GPU-time submitted per unit of
// fleet GPU-time) meets the target. Sources of every default are in synthetic.cc.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "core/rng.h"
#include "traces/job_source.h"

namespace fleetsim::traces {

struct LognormalRuntime {
  double median_s;
  double sigma;
  double cap_s;
  double mean_s() const;  // of min(X, cap)
};

struct SyntheticConfig {
  double offered_load = 0.8;  // of the fleet's GPUs
  // Count shares of the regular classes (single, node, gang, large gang); normalised.
  std::array<double, 4> class_share{0.60, 0.30, 0.095, 0.005};
  LognormalRuntime small_runtime{206.0, 2.64, 4320009.0};
  LognormalRuntime gang_runtime{4 * 3600.0, 1.5, 30 * 86400.0};
  LognormalRuntime large_gang_runtime{86400.0, 1.0, 60 * 86400.0};
  double frontier_per_year = 4;
  std::vector<int> frontier_sizes{16384, 24576, 32768, 49152, 65536, 90112};
  double frontier_work_min_gpu_days = 0.5 * 16384 * 54;
  double frontier_work_max_gpu_days = 2.0 * 16384 * 54;
  double limit_factor_min = 1.0;  // time limit = runtime x U(min, max), whole minutes
  double limit_factor_max = 3.0;
  int tenants = 1;
  // Tenant k of `tenants` gets a share of the jobs proportional to (k + 1)^-tenant_zipf: 0 spreads
  // them uniformly (drawn as before), 1 is Zipf's law. ASSUMPTION, for fair share to have
  // heavy and light tenants to tell apart: no trace of team sizes in AI clusters is published.
  double tenant_zipf = 0;
};

// Derived figures, also printed by `fleetsim run` so the user sees what the load means.
struct SyntheticRates {
  double regular_jobs_per_day;
  double regular_gpu_seconds_per_job;
  double frontier_load;  // share of the fleet's GPU-time offered by frontier runs
};

SyntheticRates synthetic_rates(const SyntheticConfig& cfg, std::int64_t fleet_gpus);

// Throws std::invalid_argument naming the option when the configuration is impossible.
void validate(const SyntheticConfig& cfg, std::int64_t fleet_gpus);

class SyntheticWorkload final : public JobSource {
 public:
  // Draws come from the streams "workload.regular" and "workload.frontier" of `seed`
  // (core/rng.h); jobs stop at `end`.
  SyntheticWorkload(const SyntheticConfig& cfg, std::int64_t fleet_gpus, std::uint64_t seed,
                    core::Time end);
  bool next(JobSpec& job) override;

 private:
  void draw_regular();
  void draw_frontier();
  core::Time limit_for(core::Time runtime, core::RngStream& rng) const;
  std::int32_t draw_tenant(core::RngStream& rng) const;

  SyntheticConfig cfg_;
  SyntheticRates rates_;
  core::Time end_;
  core::RngStream regular_rng_, frontier_rng_;
  double regular_clock_s_ = 0, frontier_clock_s_ = 0;
  JobSpec regular_, frontier_;
  std::vector<double> tenant_cdf_;  // with tenant_zipf > 0: cumulative shares of the tenants
};

}  // namespace fleetsim::traces
