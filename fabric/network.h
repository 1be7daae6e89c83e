// A network sized for a number of GPUs: what build.h computes from a FabricSpec. Counts cover
// every plane; per-plane figures are these divided by `planes`.
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fabric/spec.h"

namespace fleetsim::fabric {

struct TierCount {
  std::string name;  // leaf, spine, core, tier4...
  std::int64_t switches = 0;
  int radix = 0;
  double port_gbps = 0;
  int down_ports = 0, up_ports = 0;  // up 0 at the top tier, where every port faces down
  std::int64_t uplinks = 0;          // links cabled from this tier to the next
};

struct LinkGroup {
  std::string name;  // "gpu-leaf", "leaf-spine", "chip-chip in cube", "chip-ocs"...
  std::int64_t count = 0;
  double gbps = 0;  // per link, per direction
  bool optical = false;
};

struct Network {
  Topology topology = Topology::clos;
  std::int64_t gpus = 0, servers = 0, racks = 0, scale_up_domains = 0;
  int planes = 1;
  std::vector<TierCount> tiers;  // Clos only, bottom up
  std::vector<LinkGroup> links;
  std::map<int, std::int64_t> transceivers;  // count by Gb/s
  std::int64_t ocs = 0, ocs_ports = 0;       // torus with optical circuit switches
  std::int64_t cubes = 0;
  std::array<std::int64_t, 3> torus_dims{};  // chips along x, y, z
  double bisection_gbps_per_gpu = 0;         // see docs/fabric.md
  int max_hops = 0;  // Clos: switches on the longest path; torus: chip-to-chip diameter

  std::int64_t switches() const;
  std::int64_t links_total(bool optical) const;
  std::int64_t transceivers_total() const;
};

}  // namespace fleetsim::fabric
