// Small helpers shared by the fabric tests.
#pragma once
#include <string>

#include "fabric/network.h"
#include "fabric/presets.h"

namespace fleetsim::fabric::test {

// Switches of the tier called `name` (0 when the network has no such tier).
inline std::int64_t switches(const Network& n, const std::string& name) {
  for (const auto& t : n.tiers)
    if (t.name == name) return t.switches;
  return 0;
}

// Links of the group called `name` (0 when there is none).
inline std::int64_t links(const Network& n, const std::string& name) {
  for (const auto& l : n.links)
    if (l.name == name) return l.count;
  return 0;
}

}  // namespace fleetsim::fabric::test
