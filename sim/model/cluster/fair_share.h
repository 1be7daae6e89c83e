// Fair share between tenants, Slurm's classic algorithm for a flat hierarchy (every tenant an
// account directly under the root; https://slurm.schedmd.com/classic_fair_share.html):
//   F = 2^(-U / S)
// with S the tenant's normalized shares (its shares over all tenants' shares) and U its
// normalized usage (its decayed usage over all tenants' decayed usage; for an account under the
// root the effective usage is the normalized usage). Usage is GPU-seconds allocated, decaying
// with half-life sched.fair_share_half_life (Slurm's PriorityDecayHalfLife): usage accrued dt
// ago counts 2^(-dt / half-life).
//
// ASSUMPTION: every tenant has one share, and the tenants are those that submitted to this
// cluster so far (each cluster runs its own controller, with its own usage). Usage is charged
// when a job stops and, for running jobs, at each priority recomputation; it is decayed at each
// recomputation (as Slurm's decay thread charges and decays once per PriorityCalcPeriod).
#pragma once
#include <cstdint>
#include <map>

#include "sim/engine/event.h"

namespace fleetsim::model {

class FairShare {
 public:
  explicit FairShare(engine::Time half_life = 1) : half_life_(half_life) {}
  void add_tenant(std::int32_t tenant) { usage_.emplace(tenant, 0.0); }
  // Decays every tenant's usage from the last decay to `now`.
  void decay_to(engine::Time now);
  void charge(std::int32_t tenant, double gpu_seconds);
  double usage(std::int32_t tenant) const;
  // 2^(-U/S); 1 for every tenant while nobody has used anything.
  double factor(std::int32_t tenant) const;

  template <class Archive>
  void serialize(Archive& ar) {
    ar(usage_, total_, last_);
  }

 private:
  engine::Time half_life_;
  std::map<std::int32_t, double> usage_;
  double total_ = 0;
  engine::Time last_ = 0;
};

}  // namespace fleetsim::model
