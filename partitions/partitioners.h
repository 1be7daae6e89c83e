// Partitioners by name, for the --partitioner option.
#pragma once
#include <memory>
#include <stdexcept>
#include <string>

#include "partitions/block.h"
#include "partitions/metis.h"
#include "partitions/round_robin.h"

namespace fleetsim::partitions {

// `graph` is the model's LP graph (sim/model/fleet_graph.h); only the graph partitioner reads
// it. Without one, "metis" is only checked as a name (the command line's early check).
inline std::unique_ptr<engine::Partitioner> make_partitioner(
    const std::string& name, const engine::LpGraph* graph = nullptr) {
  if (name == "block") return std::make_unique<BlockPartitioner>();
  if (name == "round-robin") return std::make_unique<RoundRobinPartitioner>();
  if (name == "metis")
    return std::make_unique<MetisPartitioner>(graph ? *graph : engine::LpGraph{});
  throw std::invalid_argument("unknown partitioner '" + name + "' (block, round-robin, metis)");
}

}  // namespace fleetsim::partitions
