#include "sim/model/cluster/fair_share.h"

#include <cmath>

namespace fleetsim::model {

void FairShare::decay_to(engine::Time now) {
  if (now <= last_) return;
  const double k =
      std::exp2(-static_cast<double>(now - last_) / static_cast<double>(half_life_));
  total_ = 0;
  // In key order: the same sum, bit for bit, wherever the cluster runs.
  for (auto& [tenant, u] : usage_) {
    u *= k;
    total_ += u;
  }
  last_ = now;
}

void FairShare::charge(std::int32_t tenant, double gpu_seconds) {
  usage_[tenant] += gpu_seconds;
  total_ += gpu_seconds;
}

double FairShare::usage(std::int32_t tenant) const {
  const auto it = usage_.find(tenant);
  return it == usage_.end() ? 0.0 : it->second;
}

double FairShare::factor(std::int32_t tenant) const {
  if (total_ <= 0 || usage_.empty()) return 1.0;
  const double u = usage(tenant) / total_;
  const double s = 1.0 / static_cast<double>(usage_.size());
  return std::exp2(-u / s);
}

}  // namespace fleetsim::model
