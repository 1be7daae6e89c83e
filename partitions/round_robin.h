// Round-robin partitioner: LP i goes to rank i mod ranks. Spreads LPs of every kind evenly and
// maximises cross-rank traffic, which makes it the harsher test of the engine.
#pragma once
#include "sim/engine/partitioner.h"

namespace fleetsim::partitions {

class RoundRobinPartitioner final : public engine::Partitioner {
 public:
  std::vector<int> assign(engine::LpId num_lps, int num_ranks) const override {
    std::vector<int> owner(num_lps);
    for (engine::LpId id = 0; id < num_lps; ++id) owner[id] = static_cast<int>(id % num_ranks);
    return owner;
  }
};

}  // namespace fleetsim::partitions
