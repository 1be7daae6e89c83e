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
#include <vector>

#include "sim/engine/event.h"

namespace fleetsim::model {

class FairShare {
 public:
  explicit FairShare(engine::Time half_life = 1) : half_life_(half_life) {}
  // The tenant's slot (slots are numbered in order of first sight), added with no usage.
  std::int32_t add_tenant(std::int32_t tenant);
  // Decays every tenant's usage from the last decay to `now`.
  void decay_to(engine::Time now);
  void charge(std::int32_t slot, double gpu_seconds);
  double usage(std::int32_t slot) const { return usage_[static_cast<std::size_t>(slot)]; }
  // 2^(-U/S); 1 for every tenant while nobody has used anything.
  double factor(std::int32_t slot) const;
  std::int32_t tenants() const { return static_cast<std::int32_t>(usage_.size()); }

  template <class Archive>
  void serialize(Archive& ar) {
    ar(slots_, usage_, total_, last_);
  }

 private:
  engine::Time half_life_;
  std::map<std::int32_t, std::int32_t> slots_;  // tenant -> slot
  std::vector<double> usage_;                   // per slot, GPU-seconds, decayed
  double total_ = 0;
  engine::Time last_ = 0;
};

}  // namespace fleetsim::model
