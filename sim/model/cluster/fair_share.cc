#include "sim/model/cluster/fair_share.h"

#include <cmath>

namespace fleetsim::model {

std::int32_t FairShare::add_tenant(std::int32_t tenant) {
  const auto [it, added] = slots_.emplace(tenant, static_cast<std::int32_t>(usage_.size()));
  if (added) usage_.push_back(0.0);
  return it->second;
}

void FairShare::decay_to(engine::Time now) {
  if (now <= last_) return;
  const double k = std::exp2(-static_cast<double>(now - last_) / static_cast<double>(half_life_));
  total_ = 0;
  // In slot order: the same sum, bit for bit, wherever the cluster runs.
  for (double& u : usage_) {
    u *= k;
    total_ += u;
  }
  last_ = now;
}

void FairShare::charge(std::int32_t slot, double gpu_seconds) {
  usage_[static_cast<std::size_t>(slot)] += gpu_seconds;
  total_ += gpu_seconds;
}

double FairShare::factor(std::int32_t slot) const {
  if (total_ <= 0) return 1.0;
  const double u = usage(slot) / total_;
  const double s = 1.0 / static_cast<double>(usage_.size());
  return std::exp2(-u / s);
}

}  // namespace fleetsim::model
