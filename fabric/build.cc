#include "fabric/build.h"

#include <algorithm>

#include "fabric/clos.h"
#include "fabric/torus.h"

namespace fleetsim::fabric {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

void fill_hosts(const FabricSpec& s, Network& n) {
  n.servers = ceil_div(n.gpus, s.gpus_per_server);
  n.racks = ceil_div(n.gpus, s.gpus_per_rack);
  n.scale_up_domains = ceil_div(n.gpus, s.scale_up_gpus);
}

// The key to name when GPUs do not fit: the one that fixed the tiers, else the size's.
std::string size_key(const FabricSpec& s) {
  if (s.settings.has("tiers")) return "tiers";
  if (s.settings.has("scalable_units")) return "scalable_units";
  return s.settings.has("gpus") ? "gpus" : "radix";
}

Network sized(const FabricSpec& s, std::int64_t gpus, bool exact_tiers) {
  Network n;
  if (s.topology == Topology::torus) {
    n = build_torus(s, gpus);
  } else {
    int tiers = exact_tiers && s.tiers > 0 ? s.tiers : clos_tiers_needed(s, gpus);
    if (tiers == 0 || (s.tiers > 0 && tiers > s.tiers)) tiers = s.tiers > 0 ? s.tiers : 6;
    n = build_clos(s, gpus, tiers, size_key(s));
  }
  fill_hosts(s, n);
  return n;
}

}  // namespace

std::int64_t Network::switches() const {
  std::int64_t total = 0;
  for (const auto& t : tiers) total += t.switches;
  return total;
}

std::int64_t Network::links_total(bool optical) const {
  std::int64_t total = 0;
  for (const auto& l : links)
    if (l.optical == optical) total += l.count;
  return total;
}

std::int64_t Network::transceivers_total() const {
  std::int64_t total = 0;
  for (const auto& [gbps, count] : transceivers) total += count;
  return total;
}

Network build_network(const FabricSpec& spec, std::int64_t gpus) {
  return sized(spec, gpus, false);
}

std::vector<SiteNetwork> build_fabric(const FabricSpec& spec) {
  std::vector<SiteNetwork> out;
  for (const auto& site : spec.sites) out.push_back({site.name, sized(spec, site.gpus, true)});
  return out;
}

Network combine(const std::vector<SiteNetwork>& sites) {
  Network total;
  bool first = true;
  for (const auto& [name, n] : sites) {
    if (first) {
      total = n;
      first = false;
      continue;
    }
    total.gpus += n.gpus;
    total.servers += n.servers;
    total.racks += n.racks;
    total.scale_up_domains += n.scale_up_domains;
    total.cubes += n.cubes;
    total.ocs += n.ocs;
    total.ocs_ports += n.ocs_ports;
    for (const auto& t : n.tiers) {
      auto it = std::find_if(total.tiers.begin(), total.tiers.end(),
                             [&](const TierCount& x) { return x.name == t.name; });
      if (it == total.tiers.end()) {
        total.tiers.push_back(t);
      } else {
        it->switches += t.switches;
        it->uplinks += t.uplinks;
      }
    }
    for (const auto& l : n.links) {
      auto it = std::find_if(total.links.begin(), total.links.end(),
                             [&](const LinkGroup& x) { return x.name == l.name; });
      if (it == total.links.end())
        total.links.push_back(l);
      else
        it->count += l.count;
    }
    for (const auto& [gbps, count] : n.transceivers) total.transceivers[gbps] += count;
    total.bisection_gbps_per_gpu = std::min(total.bisection_gbps_per_gpu, n.bisection_gbps_per_gpu);
    total.max_hops = std::max(total.max_hops, n.max_hops);
  }
  return total;
}

}  // namespace fleetsim::fabric
