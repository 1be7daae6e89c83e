#include "fabric/spec.h"

#include <cmath>

#include "fabric/clos.h"
#include "fabric/costing.h"
#include "fabric/error.h"

namespace fleetsim::fabric {
namespace {

constexpr std::int64_t kMaxGpus = 1'000'000'000;  // a guard against typos, not a model limit

double positive_real(const Settings& s, const std::string& key, double fallback) {
  const double v = s.real(key, fallback, 0);
  if (v <= 0) s.fail(key, "must be positive");
  return v;
}

int small_int(const Settings& s, const std::string& key, std::int64_t fallback, std::int64_t min,
              std::int64_t max) {
  const std::int64_t v = s.integer(key, fallback, min);
  if (v > max) s.fail(key, "must be at most " + std::to_string(max));
  return static_cast<int>(v);
}

// A key meant for the other topology is a mistake, not something to ignore silently.
void reject_keys_of_other_topology(const Settings& s, Topology topology) {
  std::vector<std::string> clos_keys{"tiers",    "radix",  "port_gbps", "oversubscription",
                                     "nic_gbps", "planes", "rails",     "nic_links"};
  for (const auto& t : tier_names())
    for (const char* k : {".radix", ".port_gbps", ".oversubscription", ".down_ports"})
      clos_keys.push_back(t + k);
  const std::vector<std::string> torus_keys{"torus.cube", "torus.link_gbps", "torus.ocs",
                                            "torus.ocs_radix"};
  const auto& wrong = topology == Topology::torus ? clos_keys : torus_keys;
  for (const auto& k : wrong)
    if (s.has(k))
      s.fail(k, std::string("applies to topology = ") +
                    (topology == Topology::torus ? "clos" : "torus"));
}

void read_tiers(FabricSpec& f, const Settings& s) {
  const int radix = small_int(s, "radix", 64, 1, 1'000'000);
  const double port = positive_real(s, "port_gbps", 400);
  const double oversub = s.real("oversubscription", 1, 1);
  for (const auto& name : tier_names()) {
    TierSpec t;
    t.name = name;
    t.radix_key = s.has(name + ".radix") ? name + ".radix" : "radix";
    t.port_key = s.has(name + ".port_gbps") ? name + ".port_gbps" : "port_gbps";
    t.oversub_key =
        s.has(name + ".oversubscription") ? name + ".oversubscription" : "oversubscription";
    t.down_key = name + ".down_ports";
    t.radix = small_int(s, name + ".radix", radix, 1, 1'000'000);
    t.port_gbps = s.has(name + ".port_gbps") ? positive_real(s, name + ".port_gbps", port) : port;
    t.oversubscription = s.real(name + ".oversubscription", oversub, 1);
    t.down_ports = small_int(s, t.down_key, 0, 0, 1'000'000);
    if (t.down_ports > 0 && t.down_ports + t.up() > t.radix)
      s.fail(t.down_key, std::to_string(t.down_ports) + " down ports at oversubscription " +
                             format_number(t.oversubscription) + " need " + std::to_string(t.up()) +
                             " up ports: more than radix " + std::to_string(t.radix) + " (" +
                             s.where(t.radix_key) + ")");
    f.tier.push_back(t);
  }
  // Assumption: adjacent tiers are cabled port to port, so their ports run at one speed.
  for (std::size_t i = 1; i < f.tier.size(); ++i)
    if (f.tier[i].port_gbps != f.tier[0].port_gbps)
      s.fail(f.tier[i].port_key, "ports must run at the leaf's speed (" +
                                     format_number(f.tier[0].port_gbps) +
                                     " Gb/s): links join equal ports");
  // A NIC port either breaks out of one switch port or bundles several of them.
  const double ratio = f.tier[0].port_gbps >= f.nic_gbps ? f.tier[0].port_gbps / f.nic_gbps
                                                         : f.nic_gbps / f.tier[0].port_gbps;
  if (std::abs(ratio - std::round(ratio)) > 1e-9)
    s.fail("nic_gbps", "leaf ports of " + format_number(f.tier[0].port_gbps) +
                           " Gb/s neither split into nor bundle to whole NIC ports");
}

void read_size(FabricSpec& f, const Settings& s) {
  const auto site_names = s.sites();
  const bool by_gpus = s.has("gpus"), by_su = s.has("scalable_units");
  if (!site_names.empty()) {
    for (const char* k : {"gpus", "scalable_units"})
      if (s.has(k)) s.fail(k, "the size is given twice: by this key and by [site.*] sections");
    for (const auto& n : site_names) {
      const std::string key = "site." + n + ".gpus";
      f.sites.push_back({n, s.integer(key, 0, 1)});
      if (f.sites.back().gpus > kMaxGpus) s.fail(key, "more GPUs than fleetsim models");
      f.gpus += f.sites.back().gpus;
    }
    return;
  }
  if (by_gpus && by_su)
    s.fail("gpus", "the size is given twice: by gpus and by scalable_units (" +
                       s.where("scalable_units") + ")");
  if (by_su) {
    if (!s.has("servers_per_su"))
      s.fail("scalable_units", "needs servers_per_su (servers in one scalable unit)");
    f.gpus =
        s.integer("scalable_units", 0, 1) * s.integer("servers_per_su", 0, 1) * f.gpus_per_server;
  } else if (by_gpus) {
    f.gpus = s.integer("gpus", 0, 1);
  } else if (f.topology == Topology::clos && s.has("tiers") && f.tiers > 0) {
    // A generic fat tree: as many GPUs as the tiers hold.
    f.gpus = clos_capacity(f, f.tiers);
  } else {
    throw FabricError(s.source() +
                      ": the fabric's size is not given: set gpus, scalable_units, "
                      "[site.NAME] gpus or (for a Clos) tiers");
  }
  if (f.gpus > kMaxGpus)
    s.fail(by_su     ? "scalable_units"
           : by_gpus ? "gpus"
                     : "tiers",
           std::to_string(f.gpus) + " GPUs: more than fleetsim models (" +
               std::to_string(kMaxGpus) + ")");
  f.sites.push_back({"site", f.gpus});
}

}  // namespace

int TierSpec::down() const {
  if (down_ports > 0) return down_ports;
  return static_cast<int>(std::floor(radix * oversubscription / (1 + oversubscription) + 1e-9));
}

int TierSpec::up() const {
  if (down_ports > 0) return static_cast<int>(std::ceil(down_ports / oversubscription - 1e-9));
  return radix - down();
}

FabricSpec read_spec(const Settings& s) {
  FabricSpec f(s);
  std::string stem = s.source();
  if (const auto slash = stem.find_last_of('/'); slash != std::string::npos)
    stem = stem.substr(slash + 1);
  if (const auto dot = stem.rfind(".ini"); dot != std::string::npos) stem = stem.substr(0, dot);
  f.name = s.text("name", stem);
  f.description = s.text("description", "");
  f.accelerator = s.text("accelerator", "GPU");
  f.topology =
      s.choice("topology", "clos", {"clos", "torus"}) == "torus" ? Topology::torus : Topology::clos;
  reject_keys_of_other_topology(s, f.topology);

  f.gpus_per_server = small_int(s, "gpus_per_server", 8, 1, 1024);
  f.gpus_per_rack = small_int(s, "gpus_per_rack", f.gpus_per_server, 1, 1'000'000);
  if (f.gpus_per_rack % f.gpus_per_server != 0)
    s.fail("gpus_per_rack", "must hold whole servers of " + std::to_string(f.gpus_per_server));

  f.scale_up_domain = s.text("scale_up.domain", "node");
  f.scale_up_gpus = small_int(s, "scale_up.gpus", f.gpus_per_server, 1, 1'000'000);
  f.scale_up_gbps_per_gpu = s.real("scale_up.gbps_per_gpu", 0, 0);

  if (f.topology == Topology::clos) {
    f.tiers = small_int(s, "tiers", 0, 0, static_cast<std::int64_t>(tier_names().size()));
    if (s.has("tiers") && f.tiers == 0) s.fail("tiers", "must be positive (leave it out for auto)");
    f.nic_gbps = positive_real(s, "nic_gbps", 400);
    f.planes = small_int(s, "planes", 1, 1, 64);
    f.rails = small_int(s, "rails", 1, 1, 1024);
    if (f.gpus_per_server % f.rails != 0)
      s.fail("rails", "must divide gpus_per_server (" + std::to_string(f.gpus_per_server) + ")");
    const auto links = s.choice("nic_links", "auto", {"auto", "copper", "optical"});
    f.nic_links = links == "copper"    ? NicLinks::copper
                  : links == "optical" ? NicLinks::optical
                                       : NicLinks::automatic;
    read_tiers(f, s);
  } else {
    f.cube = small_int(s, "torus.cube", 4, 1, 64);
    f.link_gbps = positive_real(s, "torus.link_gbps", 400);
    f.ocs = s.boolean("torus.ocs", true);
    f.ocs_radix = small_int(s, "torus.ocs_radix", 136, 2, 1'000'000);
  }

  f.wan_gbps = s.real("wan.gbps", 0, 0);
  f.wan_latency_ms = s.real("wan.latency_ms", 0, 0);

  const Prices p = default_prices();
  f.cost.gpu_usd = s.real("cost.gpu_usd", p.gpu_usd, 0);
  f.cost.server_usd = s.real("cost.server_usd", p.server_usd, 0);
  f.cost.switch_usd_per_gbps = s.real("cost.switch_usd_per_gbps", p.switch_usd_per_gbps, 0);
  f.cost.optic_usd_per_gbps = s.real("cost.optic_usd_per_gbps", p.optic_usd_per_gbps, 0);
  f.cost.copper_usd_per_link = s.real("cost.copper_usd_per_link", p.copper_usd_per_link, 0);
  f.cost.ocs_usd_per_port = s.real("cost.ocs_usd_per_port", p.ocs_usd_per_port, 0);
  const Power w = default_power();
  f.power.gpu_watts = s.real("power.gpu_watts", w.gpu_watts, 0);
  f.power.server_watts = s.real("power.server_watts", w.server_watts, 0);
  f.power.switch_watts_per_tbps = s.real("power.switch_watts_per_tbps", w.switch_watts_per_tbps, 0);
  f.power.optic_watts_per_gbps = s.real("power.optic_watts_per_gbps", w.optic_watts_per_gbps, 0);
  f.power.ocs_watts = s.real("power.ocs_watts", w.ocs_watts, 0);

  read_size(f, s);
  return f;
}

}  // namespace fleetsim::fabric
