#include "fabric/clos.h"

#include <algorithm>
#include <cmath>

#include "fabric/error.h"

namespace fleetsim::fabric {
namespace {

constexpr std::int64_t kMaxCount = 1'000'000'000'000;  // beyond this the input is a typo

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// NIC ports that `ports` leaf ports take: a fast port splits into several NIC ports (breakout),
// a fast NIC port takes several switch ports (bundle).
std::int64_t endpoints_of(const FabricSpec& s, std::int64_t ports) {
  const double port = s.tier[0].port_gbps, nic = s.nic_gbps;
  if (port >= nic) return ports * std::llround(port / nic);
  return ports / std::llround(nic / port);
}

// The checks that make a tier count possible at all, whatever the size.
void check_radix(const FabricSpec& s, int tiers) {
  for (int t = 0; t + 1 < tiers; ++t) {
    const TierSpec& ts = s.tier[t];
    if (ts.down() < 1 || ts.up() < 1)
      s.settings.fail(ts.radix_key,
                      "radix " + std::to_string(ts.radix) + " is too small for " +
                          std::to_string(tiers) + " tiers: the " + ts.name +
                          " switch needs at least one port down and one up at oversubscription " +
                          format_number(ts.oversubscription));
  }
  if (endpoints_of(s, tiers == 1 ? s.tier[0].radix : s.tier[0].down()) < 1)
    s.settings.fail("nic_gbps", "a leaf's ports cannot take one NIC port");
  if (tiers == 1 && s.rails > 1)
    s.settings.fail("rails",
                    "a one-tier network cannot be rail-optimized (one switch per rail "
                    "joins nothing)");
}

// NIC ports on each leaf, full leaves first; with rails, each rail has its own leaves.
std::vector<std::int64_t> leaf_loads(const FabricSpec& s, std::int64_t gpus,
                                     std::int64_t per_leaf) {
  std::vector<std::int64_t> loads;
  auto fill = [&](std::int64_t endpoints) {
    for (std::int64_t left = endpoints; left > 0; left -= per_leaf)
      loads.push_back(std::min(left, per_leaf));
  };
  if (s.rails <= 1) {
    fill(gpus);
    return loads;
  }
  // Rail r holds GPUs r*g .. r*g+g-1 of every server, g = gpus_per_server / rails.
  const std::int64_t g = s.gpus_per_server / s.rails;
  const std::int64_t full = gpus / s.gpus_per_server, rest = gpus % s.gpus_per_server;
  for (int r = 0; r < s.rails; ++r) fill(full * g + std::clamp<std::int64_t>(rest - r * g, 0, g));
  return loads;
}

// Leaves that the tiers above a leaf can join: the product of the middle tiers' down ports times
// the top tier's radix (each top switch reaches each block below it at least once).
std::int64_t max_leaves(const FabricSpec& s, int tiers) {
  if (tiers == 1) return 1;
  std::int64_t leaves = s.tier[tiers - 1].radix;
  for (int t = 1; t + 1 < tiers; ++t) {
    leaves *= s.tier[t].down();
    if (leaves > kMaxCount) return kMaxCount;
  }
  return leaves;
}

bool radix_splits(const FabricSpec& s, int tiers) {
  for (int t = 0; t + 1 < tiers; ++t)
    if (s.tier[t].down() < 1 || s.tier[t].up() < 1) return false;
  return endpoints_of(s, tiers == 1 ? s.tier[0].radix : s.tier[0].down()) >= 1 &&
         !(tiers == 1 && s.rails > 1);
}

std::int64_t leaves_needed(const FabricSpec& s, std::int64_t gpus, int tiers) {
  const std::int64_t per_leaf = endpoints_of(s, tiers == 1 ? s.tier[0].radix : s.tier[0].down());
  return static_cast<std::int64_t>(leaf_loads(s, gpus, per_leaf).size());
}

}  // namespace

std::int64_t clos_capacity(const FabricSpec& s, int tiers) {
  check_radix(s, tiers);
  const std::int64_t per_leaf = endpoints_of(s, tiers == 1 ? s.tier[0].radix : s.tier[0].down());
  const std::int64_t leaves = max_leaves(s, tiers);
  // With rails every rail gets the same number of leaves.
  const std::int64_t usable = s.rails > 1 ? leaves / s.rails * s.rails : leaves;
  return std::min(kMaxCount, usable * per_leaf);
}

int clos_tiers_needed(const FabricSpec& s, std::int64_t gpus) {
  for (int t = 1; t <= static_cast<int>(s.tier.size()); ++t)
    if (radix_splits(s, t) && leaves_needed(s, gpus, t) <= max_leaves(s, t)) return t;
  return 0;
}

Network build_clos(const FabricSpec& s, std::int64_t gpus, int tiers, const std::string& blame) {
  check_radix(s, tiers);
  const TierSpec& leaf = s.tier[0];
  const std::int64_t per_leaf = endpoints_of(s, tiers == 1 ? leaf.radix : leaf.down());
  const auto loads = leaf_loads(s, gpus, per_leaf);
  const auto leaves = static_cast<std::int64_t>(loads.size());
  if (leaves > max_leaves(s, tiers))
    s.settings.fail(blame, std::to_string(gpus) + " GPUs do not fit in " + std::to_string(tiers) +
                               " tier(s) of these switches (at most " +
                               std::to_string(clos_capacity(s, tiers)) + " GPUs per plane)");

  Network n;
  n.topology = Topology::clos;
  n.gpus = gpus;
  n.planes = s.planes;
  n.max_hops = 2 * tiers - 1;

  // Per plane, bottom up. `blocks` holds, for each block of the tier just built, the uplinks
  // cabled out of its top switches; `width` is how many top switches a block has.
  std::vector<TierCount> tc;
  TierCount lc{leaf.name, leaves, leaf.radix, leaf.port_gbps, 0, 0, 0};
  lc.down_ports = tiers == 1 ? leaf.radix : leaf.down();
  std::vector<std::int64_t> blocks;
  std::vector<std::int64_t> block_count{leaves};  // blocks at each level, for the bisection
  if (tiers > 1) {
    lc.up_ports = leaf.up();
    // Every leaf cables all its uplinks (as NVIDIA's reference architectures do for a part-full
    // scalable unit): at most one part-full leaf per rail, so the waste is small.
    blocks.assign(loads.size(), leaf.up());
    lc.uplinks = leaves * leaf.up();
  }
  tc.push_back(lc);
  std::int64_t width = 1;
  for (int t = 1; t + 1 < tiers; ++t) {
    const TierSpec& ts = s.tier[t];
    const std::int64_t d = ts.down(), u = ts.up();
    // A block of this tier joins up to d blocks below; switch (j, l) of the block takes uplink l
    // of top switch j of each block below, so it has width * u_below switches.
    const std::int64_t w = width * s.tier[t - 1].up();
    if (w > kMaxCount) s.settings.fail(ts.radix_key, "too many switches: check the radix");
    std::vector<std::int64_t> next;
    for (std::size_t i = 0; i < blocks.size(); i += static_cast<std::size_t>(d)) {
      std::int64_t down_in = 0;
      for (std::size_t j = i; j < std::min(blocks.size(), i + static_cast<std::size_t>(d)); ++j)
        down_in += blocks[j];
      // A part-full block cables only the uplinks its used downlinks need at this tier's ratio.
      next.push_back(std::min(w * u, ceil_div(down_in * u, d)));
    }
    TierCount c{ts.name,
                static_cast<std::int64_t>(next.size()) * w,
                ts.radix,
                ts.port_gbps,
                static_cast<int>(d),
                static_cast<int>(u),
                0};
    for (auto v : next) c.uplinks += v;
    tc.push_back(c);
    block_count.push_back(static_cast<std::int64_t>(next.size()));
    blocks = std::move(next);
    width = w;
  }
  if (tiers > 1) {
    // The top tier: one group of switches per top switch of a block below; each group has the
    // fewest switches c that divide the uplinks evenly (c | u) and have ports for them all.
    const TierSpec& top = s.tier[tiers - 1];
    const std::int64_t u = s.tier[tiers - 2].up(), b = static_cast<std::int64_t>(blocks.size());
    std::int64_t c = ceil_div(b * u, top.radix);
    while (u % c != 0) ++c;
    tc.push_back({top.name, width * c, top.radix, top.port_gbps, top.radix, 0, 0});
  }

  // Links, per plane then times planes.
  const bool in_rack = s.rails <= 1 && per_leaf <= s.gpus_per_rack;
  const bool nic_optical =
      s.nic_links == NicLinks::optical || (s.nic_links == NicLinks::automatic && !in_rack);
  const std::int64_t P = s.planes;
  n.links.push_back({"gpu-" + leaf.name, gpus * P, s.nic_gbps, nic_optical});
  if (nic_optical) {
    n.transceivers[static_cast<int>(s.nic_gbps)] += gpus * P;  // NIC end
    std::int64_t switch_end = 0;
    const double port = leaf.port_gbps;
    for (auto load : loads)
      switch_end += port >= s.nic_gbps ? ceil_div(load, std::llround(port / s.nic_gbps))
                                       : load * std::llround(s.nic_gbps / port);
    n.transceivers[static_cast<int>(port)] += switch_end * P;
  }
  // Assumption: every switch-to-switch link leaves the rack, so it is optical at both ends.
  for (std::size_t t = 0; t + 1 < tc.size(); ++t) {
    n.links.push_back(
        {tc[t].name + "-" + tc[t + 1].name, tc[t].uplinks * P, tc[t].port_gbps, true});
    n.transceivers[static_cast<int>(tc[t].port_gbps)] += 2 * tc[t].uplinks * P;
  }

  // Bisection: the worst balanced cut splits the largest blocks that come two or more; every
  // GPU's traffic then climbs through each tier up to theirs, so the rate per GPU is the
  // thinnest such tier's uplink bandwidth over the GPUs (and at most the NIC's).
  double rate = s.nic_gbps;
  for (std::size_t t = 0; t + 1 < tc.size(); ++t)
    if (block_count[t] >= 2)
      rate = std::min(
          rate, static_cast<double>(tc[t].uplinks) * tc[t].port_gbps / static_cast<double>(gpus));
  n.bisection_gbps_per_gpu = rate * P;

  for (auto& c : tc) {
    c.switches *= P;
    c.uplinks *= P;
  }
  n.tiers = std::move(tc);
  return n;
}

}  // namespace fleetsim::fabric
