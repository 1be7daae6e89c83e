// Partitioners by name, for the --partitioner option.
#pragma once
#include <memory>
#include <stdexcept>
#include <string>

#include "partitions/block.h"
#include "partitions/round_robin.h"

namespace fleetsim::partitions {

inline std::unique_ptr<engine::Partitioner> make_partitioner(const std::string& name) {
  if (name == "block") return std::make_unique<BlockPartitioner>();
  if (name == "round-robin") return std::make_unique<RoundRobinPartitioner>();
  throw std::invalid_argument("unknown partitioner '" + name + "' (block, round-robin)");
}

}  // namespace fleetsim::partitions
