// The fleet's LP graph for a graph partitioner (partitions/metis.h), estimated from the model's
// rates before the run: what each LP is expected to handle and whom it talks to.
#pragma once
#include "sim/engine/lp_graph.h"
#include "sim/model/fleet.h"

namespace fleetsim::model {

engine::LpGraph fleet_graph(const Fleet& fleet);

}  // namespace fleetsim::model
