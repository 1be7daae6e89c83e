#include "sim/model/fleet_map.h"

#include <algorithm>

namespace fleetsim::model {

FleetMap::FleetMap(const ModelConfig& cfg)
    : pods_(cfg.fabric.pods),
      gpus_per_pod_(std::int64_t{cfg.fabric.nodes_per_pod} * cfg.fabric.gpus_per_node) {
  int pod = 0;
  for (int n : cfg.layout.cluster_pods) {
    first_pod_.push_back(pod);
    num_pods_.push_back(n);
    for (int k = 0; k < n; ++k) cluster_of_pod_.push_back(static_cast<int>(first_pod_.size()) - 1);
    pod += n;
  }
}

std::int64_t FleetMap::largest_cluster_gpus() const {
  return *std::max_element(num_pods_.begin(), num_pods_.end()) * gpus_per_pod_;
}

}  // namespace fleetsim::model
