#include "traces/synthetic.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace fleetsim::traces {
namespace {

// Sources of the defaults in synthetic.h:
// - small jobs (1-8 GPUs): median 206 s and mean 6,651.7 s of GPU-job runtimes in the Helios
//   trace (SC'21), ../shared/data/reference/acme_cluster_summary.csv, row Helios; a lognormal
//   with that median and mean has sigma = sqrt(2 ln(6651.7/206)) = 2.64. The cap is Helios' longest
//   GPU job, 4,320,009 s. Most jobs use 1 GPU: the median GPUs per job is 1 in every trace of that
//   file (Seren, Kalos, Philly, Helios).
// - frontier runs: Llama 3 405B trained for 54 days on 16,384 H100s (Llama 3 paper, 2024); the
//   work of a run is drawn log-uniformly between half and twice that, 0.44M-1.77M GPU-days.
// - assumptions, not published figures (replace them with a trace, see the README): the class
//   shares, gang runtimes (median 4 h, sigma 1.5), large-gang runtimes (median 1 day, sigma 1),
//   four frontier runs a year, time limits of 1-3x the runtime, and the 0.8 offered load.

constexpr double kDaySeconds = 86400.0;
constexpr double kYearSeconds = 365 * kDaySeconds;

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// Mean GPUs per job of each regular class, matching the draws in draw_regular().
double mean_gpus(int klass) {
  switch (klass) {
    case 0:
      return 1.0;
    case 1:
      return (2.0 + 4.0 + 8.0) / 3.0;
    case 2:
      return (16.0 + 32 + 64 + 128 + 256 + 512 + 1024) / 7.0;
    default:
      return (2048.0 + 4096 + 8192) / 3.0;
  }
}

double draw_runtime_s(const LognormalRuntime& r, core::RngStream& rng) {
  return std::min(r.cap_s, std::max(1.0, rng.lognormal(std::log(r.median_s), r.sigma)));
}

}  // namespace

double LognormalRuntime::mean_s() const {
  // E[min(X, c)] for X lognormal(mu, sigma).
  const double mu = std::log(median_s), lc = std::log(cap_s);
  if (sigma == 0) return std::min(median_s, cap_s);
  return std::exp(mu + sigma * sigma / 2) * normal_cdf((lc - mu - sigma * sigma) / sigma) +
         cap_s * (1 - normal_cdf((lc - mu) / sigma));
}

SyntheticRates synthetic_rates(const SyntheticConfig& cfg, std::int64_t fleet_gpus) {
  const double total = std::accumulate(cfg.class_share.begin(), cfg.class_share.end(), 0.0);
  const LognormalRuntime* runtime[4] = {&cfg.small_runtime, &cfg.small_runtime, &cfg.gang_runtime,
                                        &cfg.large_gang_runtime};
  double gpu_s = 0;
  for (int k = 0; k < 4; ++k)
    gpu_s += cfg.class_share[k] / total * mean_gpus(k) * runtime[k]->mean_s();
  const double a = cfg.frontier_work_min_gpu_days, b = cfg.frontier_work_max_gpu_days;
  const double mean_work_gpu_days = a == b ? a : (b - a) / std::log(b / a);  // log-uniform
  const double frontier_load =
      cfg.frontier_per_year * mean_work_gpu_days * kDaySeconds / (kYearSeconds * fleet_gpus);
  const double regular_load = cfg.offered_load - frontier_load;
  SyntheticRates r{};
  r.regular_gpu_seconds_per_job = gpu_s;
  r.frontier_load = frontier_load;
  r.regular_jobs_per_day = regular_load * fleet_gpus * kDaySeconds / gpu_s;
  return r;
}

void validate(const SyntheticConfig& cfg, std::int64_t fleet_gpus) {
  auto fail = [](const std::string& what) { throw std::invalid_argument(what); };
  if (cfg.offered_load <= 0) fail("workload.offered_load must be positive");
  for (double s : cfg.class_share)
    if (s < 0) fail("workload class shares must not be negative");
  if (std::accumulate(cfg.class_share.begin(), cfg.class_share.end(), 0.0) <= 0)
    fail("workload class shares must not all be zero");
  for (const auto* r : {&cfg.small_runtime, &cfg.gang_runtime, &cfg.large_gang_runtime})
    if (r->median_s <= 0 || r->sigma < 0 || r->cap_s <= 0)
      fail("workload runtimes need a positive median and cap and a non-negative sigma");
  if (cfg.frontier_per_year < 0) fail("workload.frontier_per_year must not be negative");
  if (cfg.frontier_work_min_gpu_days <= 0 ||
      cfg.frontier_work_max_gpu_days < cfg.frontier_work_min_gpu_days)
    fail("workload frontier work needs 0 < min <= max");
  if (cfg.frontier_per_year > 0 && cfg.frontier_sizes.empty())
    fail("workload.frontier_sizes must not be empty");
  for (int s : cfg.frontier_sizes)
    if (s <= 0) fail("workload.frontier_sizes must be positive");
  if (cfg.limit_factor_min < 1 || cfg.limit_factor_max < cfg.limit_factor_min)
    fail("workload time-limit factors need 1 <= min <= max");
  if (cfg.tenants < 1) fail("workload.tenants must be at least 1");
  if (!(cfg.tenant_zipf >= 0 && cfg.tenant_zipf <= 10))
    fail("workload.tenant_zipf must be in 0..10");
  const auto r = synthetic_rates(cfg, fleet_gpus);
  if (r.regular_jobs_per_day <= 0)
    fail("workload.offered_load " + std::to_string(cfg.offered_load) +
         " is below the frontier runs' own load " + std::to_string(r.frontier_load));
}

SyntheticWorkload::SyntheticWorkload(const SyntheticConfig& cfg, std::int64_t fleet_gpus,
                                     std::uint64_t seed, core::Time end)
    : cfg_(cfg),
      rates_(synthetic_rates(cfg, fleet_gpus)),
      end_(end),
      regular_rng_(seed, {core::purpose("workload.regular"), 0}),
      frontier_rng_(seed, {core::purpose("workload.frontier"), 0}) {
  if (cfg.tenant_zipf > 0) {
    double sum = 0;
    for (int k = 0; k < cfg.tenants; ++k)
      tenant_cdf_.push_back(sum += std::pow(k + 1.0, -cfg.tenant_zipf));
    for (double& c : tenant_cdf_) c /= sum;
  }
  draw_regular();
  draw_frontier();
}

std::int32_t SyntheticWorkload::draw_tenant(core::RngStream& rng) const {
  if (tenant_cdf_.empty())  // uniform: the draw of every earlier version
    return static_cast<std::int32_t>(rng.below(static_cast<std::uint64_t>(cfg_.tenants)));
  const auto it = std::upper_bound(tenant_cdf_.begin(), tenant_cdf_.end(), rng.uniform());
  return static_cast<std::int32_t>(
      std::min<std::ptrdiff_t>(it - tenant_cdf_.begin(), cfg_.tenants - 1));
}

core::Time SyntheticWorkload::limit_for(core::Time runtime, core::RngStream& rng) const {
  const double f =
      cfg_.limit_factor_min + (cfg_.limit_factor_max - cfg_.limit_factor_min) * rng.uniform();
  const double minutes = std::ceil(static_cast<double>(runtime) * f / core::kMinute);
  return static_cast<core::Time>(minutes) * core::kMinute;
}

void SyntheticWorkload::draw_regular() {
  auto& rng = regular_rng_;
  regular_clock_s_ += rng.exponential(rates_.regular_jobs_per_day / kDaySeconds);
  const double total = std::accumulate(cfg_.class_share.begin(), cfg_.class_share.end(), 0.0);
  double u = rng.uniform() * total;
  int klass = 0;
  while (klass < 3 && u >= cfg_.class_share[klass]) u -= cfg_.class_share[klass++];
  JobSpec& j = regular_;
  j.submit = static_cast<core::Time>(regular_clock_s_ * core::kSecond);
  j.job_class = static_cast<JobClass>(klass);
  double runtime_s = 0;
  switch (klass) {
    case 0:
      j.gpus = 1;
      runtime_s = draw_runtime_s(cfg_.small_runtime, rng);
      break;
    case 1:
      j.gpus = 2 << rng.below(3);  // 2, 4, 8
      runtime_s = draw_runtime_s(cfg_.small_runtime, rng);
      break;
    case 2:
      j.gpus = 16 << rng.below(7);  // 16 .. 1024
      runtime_s = draw_runtime_s(cfg_.gang_runtime, rng);
      break;
    default:
      j.gpus = 2048 << rng.below(3);  // 2048 .. 8192
      runtime_s = draw_runtime_s(cfg_.large_gang_runtime, rng);
      break;
  }
  j.runtime = static_cast<core::Time>(runtime_s * core::kSecond);
  j.time_limit = limit_for(j.runtime, rng);
  j.tenant = draw_tenant(rng);
}

void SyntheticWorkload::draw_frontier() {
  auto& rng = frontier_rng_;
  if (cfg_.frontier_per_year <= 0) {
    frontier_clock_s_ = INFINITY;
    return;
  }
  frontier_clock_s_ += rng.exponential(cfg_.frontier_per_year / kYearSeconds);
  JobSpec& j = frontier_;
  j.submit = frontier_clock_s_ > 1e15 ? core::kNever
                                      : static_cast<core::Time>(frontier_clock_s_ * core::kSecond);
  j.job_class = JobClass::kFrontier;
  j.gpus = cfg_.frontier_sizes[rng.below(cfg_.frontier_sizes.size())];
  const double a = cfg_.frontier_work_min_gpu_days, b = cfg_.frontier_work_max_gpu_days;
  const double work_gpu_days = a * std::pow(b / a, rng.uniform());
  j.runtime = static_cast<core::Time>(work_gpu_days * kDaySeconds / j.gpus * core::kSecond);
  j.time_limit = limit_for(j.runtime, rng);
  j.tenant = draw_tenant(rng);
}

bool SyntheticWorkload::next(JobSpec& job) {
  // Ties go to the regular stream; both streams are deterministic, so the merge is too.
  const bool frontier = frontier_clock_s_ < regular_clock_s_;
  const JobSpec& candidate = frontier ? frontier_ : regular_;
  if (candidate.submit >= end_) return false;
  job = candidate;
  if (frontier) {
    draw_frontier();
  } else {
    draw_regular();
  }
  return true;
}

}  // namespace fleetsim::traces
