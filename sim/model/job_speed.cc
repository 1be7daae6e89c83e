#include "sim/model/job_speed.h"

#include <cmath>
#include <stdexcept>

#include "training/catalog.h"

namespace fleetsim::model {

JobSpeed::JobSpeed(const ModelConfig& cfg)
    : span_(cfg.span), comm_share_(cfg.network.comm_share), checkpoint_(cfg.checkpoint) {
  // The fleet's hardware: the network's NIC bandwidth (every plane) and scale-up domain; the
  // GPU's peak stays training::Hardware's (H100 BF16). Without a network: the H100 defaults.
  if (cfg.network.on()) {
    const auto& s = *cfg.network.spec;
    hw_.scale_out_gbps = s.nic_gbps * std::max(1, s.planes);
    hw_.scale_up_gpus = std::max(1, std::min(s.scale_up_gpus, cfg.fabric.gpus_per_node));
    // A fabric gives scale-up bandwidth both ways together; the model takes one direction.
    if (s.scale_up_gbps_per_gpu > 0) hw_.scale_up_gbps = s.scale_up_gbps_per_gpu / 2;
  }
}

JobSpeed::Step JobSpeed::step(std::int64_t requested, std::int64_t gpus) const {
  // Sizes beyond 32 bits (never seen) are worked out every time rather than keyed.
  const bool keyed = requested >= 0 && gpus >= 0 && requested >> 32 == 0 && gpus >> 32 == 0;
  const std::uint64_t key =
      static_cast<std::uint64_t>(requested) << 32 | static_cast<std::uint64_t>(gpus);
  if (keyed)
    if (const auto it = steps_.find(key); it != steps_.end()) return it->second;
  const Step out = work_out_step(requested, gpus);
  if (keyed) steps_.emplace(key, out);
  return out;
}

JobSpeed::Step JobSpeed::work_out_step(std::int64_t requested, std::int64_t gpus) const {
  Step out;
  out.model = training::model_for_gpus(requested);
  if (out.model == 0) return out;
  try {
    const auto r = training::step_time(training::catalog_job(out.model, gpus, hw_));
    out.step_s = r.step_s;
    out.mfu = r.mfu;
    out.exposed_comm_share = r.exposed_comm_share;
  } catch (const std::invalid_argument&) {
    out.model = 0;  // fewer GPUs than one replica of its model: no step model
  }
  return out;
}

training::Sites JobSpeed::sites_of(int count, double wan_fraction) const {
  return {count, span_.wan_gbps * wan_fraction, span_.wan_latency_ms / 1000.0, span_.sync_every};
}

std::optional<training::Job> JobSpeed::even_job(std::int64_t requested, std::int64_t gpus,
                                                int sites) const {
  const int model = training::model_for_gpus(requested);
  if (model == 0) return std::nullopt;
  try {
    auto job = training::catalog_job(model, gpus, hw_);
    const int data = job.parallelism.data;
    if (data < sites) return std::nullopt;
    // The step model cuts replicas evenly over the sites: the most replicas that do.
    const std::int64_t even = std::int64_t{data / sites} * sites * (job.gpus / data);
    if (even != job.gpus) job = training::catalog_job(model, even, hw_);
    return job;
  } catch (const std::invalid_argument&) {
    return std::nullopt;  // fewer GPUs than one replica of its model
  }
}

double JobSpeed::span_factor(std::int64_t requested, std::int64_t gpus, int sites) const {
  auto job = even_job(requested, gpus, sites);
  if (!job || sites < 2) return 1.0;
  const double one = training::step_time(*job).step_s;
  job->sites = sites_of(sites, 1.0);
  return training::step_time(*job).step_s / one;
}

JobSpeed::Step JobSpeed::span_step(std::int64_t requested, std::int64_t gpus, int sites) const {
  Step out = step(requested, gpus);
  if (out.model == 0) return out;
  // The single-site step stretched by the WAN's part: what it adds is exposed communication.
  const double f = span_factor(requested, gpus, sites);
  out.step_s *= f;
  out.mfu /= f;
  out.exposed_comm_share = (out.exposed_comm_share + f - 1) / f;
  return out;
}

double JobSpeed::wan_rate(std::int64_t requested, std::int64_t gpus, int sites,
                          double wan_fraction) const {
  if (wan_fraction >= 1 || sites < 2) return 1;
  auto job = even_job(requested, gpus, sites);
  if (!job) return 1;
  job->sites = sites_of(sites, 1.0);
  const double full = training::step_time(*job).step_s;
  job->sites = sites_of(sites, wan_fraction);
  return std::min(1.0, full / training::step_time(*job).step_s);
}

Time JobSpeed::resize(Time runtime, std::int64_t requested, std::int64_t from,
                      std::int64_t to) const {
  double factor = static_cast<double>(from) / static_cast<double>(to);
  const int model = training::model_for_gpus(requested);
  if (model > 0) try {
      const auto job = training::catalog_job(model, from, hw_);
      factor = training::resize_runtime_s(job, 1.0, to);
    } catch (const std::invalid_argument&) {
      // Fewer GPUs than one replica: keep the linear stretch.
    }
  return static_cast<Time>(std::ceil(static_cast<double>(runtime) * factor));
}

double JobSpeed::rate(std::int64_t requested, std::int64_t gpus, double fraction) const {
  if (fraction >= 1) return 1;
  const int model = training::model_for_gpus(requested);
  if (model > 0) try {
      auto job = training::catalog_job(model, gpus, hw_);
      const double full = training::step_time(job).step_s;
      job.hardware.scale_out_gbps *= fraction;
      return std::min(1.0, full / training::step_time(job).step_s);
    } catch (const std::invalid_argument&) {
    }
  return 1.0 / ((1.0 - comm_share_) + comm_share_ / fraction);
}

Time JobSpeed::checkpoint_cost(std::int64_t requested, std::int64_t gpus) const {
  const int model = training::model_for_gpus(requested);
  if (!checkpoint_.from_model || model == 0 || gpus <= 0) return checkpoint_.cost;
  constexpr double kBytesPerParam = 14;  // CheckpointConfig: ZeRO's 16, less the gradients
  const double bits = training::catalog()[model].model.params * kBytesPerParam * 8;
  const double seconds = bits / (checkpoint_.storage_gbps * 1e9 * static_cast<double>(gpus));
  return std::max<Time>(1, static_cast<Time>(std::ceil(seconds * 1e6)));
}

Time JobSpeed::checkpoint_transfer(std::int64_t requested) const {
  const int model = training::model_for_gpus(requested);
  if (model == 0) return -1;
  constexpr double kBytesPerParam = 14;  // as checkpoint_cost
  const double bits = training::catalog()[model].model.params * kBytesPerParam * 8;
  const double seconds = bits / (span_.wan_gbps * 1e9) + span_.wan_latency_ms / 1e3;
  return std::max<Time>(1, static_cast<Time>(std::ceil(seconds * 1e6)));
}

}  // namespace fleetsim::model
