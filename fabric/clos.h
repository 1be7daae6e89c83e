// A folded Clos (fat tree) sized for a number of GPUs: leaf switches take the GPUs' NIC ports
// (one port per GPU per plane; with rails, leaf r takes GPU r of every server), and every tier
// above groups the blocks below it. docs/fabric.md gives the construction and its formulas.
#pragma once
#include <cstdint>

#include "fabric/network.h"
#include "fabric/spec.h"

namespace fleetsim::fabric {

// GPUs (per plane, one NIC port each) a Clos of exactly `tiers` tiers holds at most.
std::int64_t clos_capacity(const FabricSpec& spec, int tiers);

// The fewest tiers that hold `gpus`, or 0 if more than the spec's tier names allow.
int clos_tiers_needed(const FabricSpec& spec, std::int64_t gpus);

// The network for `gpus` in exactly `tiers` tiers. Throws FabricError (naming `blame`, the key
// that fixed the tier count or the size) when they do not fit or the radix cannot split.
Network build_clos(const FabricSpec& spec, std::int64_t gpus, int tiers, const std::string& blame);

}  // namespace fleetsim::fabric
