// Who is who in the fleet: LP ids, which pods form which cluster. Pods keep the same LP id in
// every layout (0..pods-1, then the router), so their failure draws (keyed by LP id) are the
// same whichever way the fabric is cut: layouts are compared under identical failures.
#pragma once
#include <cstdint>
#include <vector>

#include "sim/engine/event.h"
#include "sim/model/config.h"

namespace fleetsim::model {

using engine::LpId;

class FleetMap {
 public:
  explicit FleetMap(const ModelConfig& cfg);

  int pods() const { return pods_; }
  int clusters() const { return static_cast<int>(first_pod_.size()); }
  LpId num_lps() const { return static_cast<LpId>(pods_ + 1 + clusters()); }

  LpId pod_lp(int pod) const { return static_cast<LpId>(pod); }
  LpId router_lp() const { return static_cast<LpId>(pods_); }
  LpId cluster_lp(int c) const { return static_cast<LpId>(pods_ + 1 + c); }
  bool is_pod(LpId id) const { return id < static_cast<LpId>(pods_); }
  bool is_cluster(LpId id) const { return id > router_lp() && id < num_lps(); }
  int cluster_index(LpId id) const { return static_cast<int>(id - pods_ - 1); }

  int cluster_of_pod(int pod) const { return cluster_of_pod_[pod]; }
  int first_pod(int c) const { return first_pod_[c]; }
  int num_pods(int c) const { return num_pods_[c]; }
  std::int64_t cluster_gpus(int c) const { return std::int64_t{num_pods_[c]} * gpus_per_pod_; }
  std::int64_t largest_cluster_gpus() const;

 private:
  int pods_ = 0;
  std::int64_t gpus_per_pod_ = 0;
  std::vector<int> first_pod_, num_pods_, cluster_of_pod_;
};

}  // namespace fleetsim::model
