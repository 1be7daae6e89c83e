// The LP graph a graph partitioner cuts: per LP the work expected of it (events) and, per pair of
// LPs that message each other, the traffic expected between them. A model estimates it from its
// rates (sim/model/fleet_graph.h); the engine itself never needs it.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/engine/event.h"

namespace fleetsim::engine {

struct LpGraph {
  std::vector<std::int64_t> work;  // per LP id: expected events, >= 1
  struct Edge {
    LpId a = 0, b = 0;
    std::int64_t traffic = 1;  // expected messages between a and b, both ways, >= 1
  };
  std::vector<Edge> edges;  // a != b; a pair listed twice is summed
};

}  // namespace fleetsim::engine
