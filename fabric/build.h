// Sizing networks from a fabric description: one for a number of GPUs (a cluster cut from the
// fabric by a layout), and the whole fabric, one network per site.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "fabric/network.h"
#include "fabric/spec.h"

namespace fleetsim::fabric {

// The network `gpus` GPUs need on this fabric's switches: the fewest tiers that hold them (never
// more than the fabric's `tiers` when it sets one). Throws FabricError if they do not fit.
Network build_network(const FabricSpec& spec, std::int64_t gpus);

struct SiteNetwork {
  std::string name;
  Network network;
};

// The fabric as described: each site's network (exactly `tiers` tiers when set), in order.
std::vector<SiteNetwork> build_fabric(const FabricSpec& spec);

// Counts added up over networks (sites). Bisection is the lowest of them; hops the highest.
Network combine(const std::vector<SiteNetwork>& sites);

}  // namespace fleetsim::fabric
