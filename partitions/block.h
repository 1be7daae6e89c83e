// Block partitioner: LP ids cut into `ranks` contiguous ranges of near-equal size. Neighbouring
// ids (the pods of one cluster) stay together, which keeps pod->cluster messages on one rank.
#pragma once
#include "sim/engine/partitioner.h"

namespace fleetsim::partitions {

class BlockPartitioner final : public engine::Partitioner {
 public:
  std::vector<int> assign(engine::LpId num_lps, int num_ranks) const override {
    std::vector<int> owner(num_lps);
    // The first (num_lps % num_ranks) ranks take one extra LP.
    const engine::LpId base = num_lps / num_ranks, extra = num_lps % num_ranks;
    engine::LpId id = 0;
    for (int r = 0; r < num_ranks; ++r) {
      const engine::LpId n = base + (static_cast<engine::LpId>(r) < extra ? 1 : 0);
      for (engine::LpId k = 0; k < n; ++k) owner[id++] = r;
    }
    return owner;
  }
};

}  // namespace fleetsim::partitions
