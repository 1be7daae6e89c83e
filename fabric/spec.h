// What a fabric description says, typed and checked, before any network is sized. Nothing here
// is a computed figure: switch counts, links, optics, bisection, capex and power come from
// build.h and costing.h. The Settings travel along so that a later complaint (say, the GPUs do
// not fit in the tiers asked for) can still name the key and line.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "fabric/settings.h"

namespace fleetsim::fabric {

enum class Topology { clos, torus };
enum class NicLinks { automatic, copper, optical };

// One scale-out tier as configured: the bottom one is the leaf (rail) switch.
struct TierSpec {
  std::string name;             // leaf, spine, core, tier4...
  int radix = 0;                // ports per switch
  double port_gbps = 0;         // speed of each port
  double oversubscription = 1;  // downlink : uplink bandwidth; the top tier has no uplinks
  int down_ports = 0;           // 0: derived from radix and oversubscription
  // The key each value came from ("leaf.radix" or the fabric-wide "radix"), for messages.
  std::string radix_key, port_key, oversub_key, down_key;

  // Ports facing down and up when this tier is not the top one.
  int down() const;
  int up() const;
};

struct SiteSpec {
  std::string name;
  std::int64_t gpus = 0;
};

// Unit prices and power. Defaults are assumptions (costing.cc says which and why); a preset
// that knows better overrides them with its source in a comment.
struct Prices {
  double gpu_usd = 0, server_usd = 0, switch_usd_per_gbps = 0, optic_usd_per_gbps = 0,
         copper_usd_per_link = 0, ocs_usd_per_port = 0;
};
struct Power {
  double gpu_watts = 0, server_watts = 0, switch_watts_per_tbps = 0, optic_watts_per_gbps = 0,
         ocs_watts = 0;
};

struct FabricSpec {
  std::string name, description, accelerator;
  Topology topology = Topology::clos;

  std::int64_t gpus = 0;  // the whole fabric (all sites)
  int gpus_per_server = 8;
  int gpus_per_rack = 8;

  // Scale-up domain (NVLink node, NVL72 rack, TPU cube, UltraServer): reported, not switched.
  std::string scale_up_domain = "node";
  int scale_up_gpus = 8;
  double scale_up_gbps_per_gpu = 0;

  // Clos scale-out.
  int tiers = 0;          // 0: as few as the size needs
  double nic_gbps = 400;  // per GPU per plane
  int planes = 1;         // independent copies of the network, one NIC port in each
  int rails = 1;          // >1: leaf r takes GPU r of every server (rail-optimized)
  NicLinks nic_links = NicLinks::automatic;
  std::vector<TierSpec> tier;  // one per possible tier, bottom up (tier_names().size())

  // 3D torus of cubes (TPU style).
  int cube = 4;          // cube edge in chips
  double link_gbps = 0;  // per torus link, per direction
  bool ocs = true;       // cube faces go through optical circuit switches
  int ocs_radix = 136;

  std::vector<SiteSpec> sites;  // at least one; a fabric without [site.*] is one site
  double wan_gbps = 0, wan_latency_ms = 0;

  Prices cost;
  Power power;

  Settings settings;  // where every value came from
  explicit FabricSpec(Settings s) : settings(std::move(s)) {}
};

// Reads and checks every key; throws FabricError naming the file, line and key.
FabricSpec read_spec(const Settings& settings);

}  // namespace fleetsim::fabric
