// Graph partitioner: METIS (Karypis and Kumar, k-way multilevel, Debian's libmetis) cuts the LP
// graph into `ranks` parts of near-equal expected work while cutting the least expected
// traffic. An LP heavier than a fair share of the work (the giant layout's one cluster) first
// gets a rank of its own: no cut can balance it, and whatever sits beside it only slows the
// slowest rank. Deterministic: METIS's seed is fixed, so every rank computes the same parts.
#pragma once
#include "sim/engine/lp_graph.h"
#include "sim/engine/partitioner.h"

namespace fleetsim::partitions {

class MetisPartitioner final : public engine::Partitioner {
 public:
  explicit MetisPartitioner(engine::LpGraph graph) : graph_(std::move(graph)) {}
  // Throws std::invalid_argument when the graph does not have num_lps LPs, std::runtime_error
  // when METIS fails.
  std::vector<int> assign(engine::LpId num_lps, int num_ranks) const override;

 private:
  engine::LpGraph graph_;
};

}  // namespace fleetsim::partitions
