// Maps LP global ids to ranks. Plug-ins live in partitions/; the engine only asks this.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "sim/engine/event.h"

namespace fleetsim::engine {

class Partitioner {
 public:
  virtual ~Partitioner() = default;
  // The owning rank of every LP, indexed by LP id: computed once before the run.
  virtual std::vector<int> assign(LpId num_lps, int num_ranks) const = 0;
};

}  // namespace fleetsim::engine
