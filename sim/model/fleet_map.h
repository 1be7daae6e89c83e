// The fleet's topology: which pods form which cluster, and their sizes. LP ids are not here: they
// come from the LP type table (sim/model/fleet.h).
#pragma once
#include <cstdint>
#include <vector>

#include "sim/model/config.h"

namespace fleetsim::model {

class FleetMap {
 public:
  explicit FleetMap(const ModelConfig& cfg);

  int pods() const { return pods_; }
  int clusters() const { return static_cast<int>(first_pod_.size()); }
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
