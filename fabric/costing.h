// Capex and power of a sized network: unit prices and watts (FabricSpec::cost, ::power) times
// the counts. Which defaults are assumptions and which are published is said in costing.cc.
#pragma once

#include "fabric/network.h"
#include "fabric/spec.h"

namespace fleetsim::fabric {

struct Bill {
  double gpus = 0, servers = 0, switches = 0, optics = 0, copper = 0, ocs = 0;
  double total() const { return gpus + servers + switches + optics + copper + ocs; }
};

struct Costing {
  Bill capex_usd;
  Bill power_watts;
};

Costing cost(const FabricSpec& spec, const Network& network);

Prices default_prices();
Power default_power();

}  // namespace fleetsim::fabric
