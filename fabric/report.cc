#include "fabric/report.h"

#include <cstdio>
#include <sstream>

namespace fleetsim::fabric {
namespace {

std::string thousands(std::int64_t v) {
  std::string digits = std::to_string(v < 0 ? -v : v), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string musd(double usd) {
  std::string out(1, '$');  // not "$" + string: GCC 12 warns falsely (-Wrestrict) on that
  out += fixed(usd / 1e6, 1);
  return out + " M";
}
std::string kw(double watts) {
  return thousands(static_cast<std::int64_t>(watts / 1000 + 0.5)) + " kW";
}

std::string speed(int gbps) { return std::to_string(gbps) + "G"; }

nlohmann::ordered_json tiers_json(const Network& n) {
  auto out = nlohmann::ordered_json::array();
  for (const auto& t : n.tiers)
    out.push_back({{"name", t.name},
                   {"switches", t.switches},
                   {"radix", t.radix},
                   {"port_gbps", t.port_gbps},
                   {"down_ports", t.down_ports},
                   {"up_ports", t.up_ports},
                   {"uplinks", t.uplinks}});
  return out;
}

nlohmann::ordered_json bill_json(const Bill& b, double scale) {
  return {{"gpus", b.gpus * scale},         {"servers", b.servers * scale},
          {"switches", b.switches * scale}, {"optics", b.optics * scale},
          {"copper", b.copper * scale},     {"ocs", b.ocs * scale}};
}

std::string tier_summary(const Network& n) {
  std::string out;
  for (const auto& t : n.tiers)
    out += (out.empty() ? "" : ", ") + t.name + " " + thousands(t.switches);
  return out;
}

}  // namespace

FabricReport describe(const FabricSpec& spec) {
  FabricReport r;
  r.sites = build_fabric(spec);
  r.total = combine(r.sites);
  r.costing = cost(spec, r.total);
  return r;
}

FabricReport describe_cluster(const FabricSpec& spec, std::int64_t gpus) {
  FabricReport r;
  r.sites.push_back({"cluster", build_network(spec, gpus)});
  r.total = r.sites[0].network;
  r.costing = cost(spec, r.total);
  return r;
}

std::string format_text(const FabricSpec& s, const FabricReport& r) {
  const Network& n = r.total;
  std::ostringstream o;
  auto line = [&](const std::string& label, const std::string& text) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "  %-14s ", label.c_str());
    o << buf << text << "\n";
  };
  o << s.name << ": " << s.description << "\n";
  line("gpus", thousands(n.gpus) + " " + s.accelerator + " in " + thousands(n.servers) +
                   " servers, " + thousands(n.racks) +
                   " racks; scale-up: " + thousands(n.scale_up_domains) + " " + s.scale_up_domain +
                   " domains of " + std::to_string(s.scale_up_gpus));
  if (n.topology == Topology::clos) {
    line("scale-out", "clos, " + std::to_string(n.tiers.size()) + " tier(s), " +
                          (s.rails > 1 ? std::to_string(s.rails) + " rails" : "no rails") + ", " +
                          std::to_string(s.planes) + " plane(s), " + fixed(s.nic_gbps, 0) +
                          " Gb/s per GPU per plane");
    o << "    tier        switches   radix  port Gb/s   down    up       uplinks\n";
    for (const auto& t : n.tiers) {
      char buf[160];
      std::snprintf(buf, sizeof buf, "    %-8s %11s %7d %10.0f %6d %5s %13s\n", t.name.c_str(),
                    thousands(t.switches).c_str(), t.radix, t.port_gbps, t.down_ports,
                    t.up_ports ? std::to_string(t.up_ports).c_str() : "-",
                    t.up_ports ? thousands(t.uplinks).c_str() : "-");
      o << buf;
    }
    line("switches", thousands(n.switches()) +
                         (s.planes > 1 ? " (" + std::to_string(s.planes) + " planes)" : ""));
  } else {
    line("scale-out", "3D torus " + std::to_string(n.torus_dims[0]) + "x" +
                          std::to_string(n.torus_dims[1]) + "x" + std::to_string(n.torus_dims[2]) +
                          " of " + thousands(n.cubes) + " cubes of " + std::to_string(s.cube) +
                          "^3, " + fixed(s.link_gbps, 0) + " Gb/s per link" +
                          (s.ocs ? ", cube faces through OCS" : ""));
    if (s.ocs)
      line("ocs", thousands(n.ocs) + " switches of " + std::to_string(s.ocs_radix) + " ports, " +
                      thousands(n.ocs_ports) + " ports used");
  }
  std::string groups;
  for (const auto& l : n.links)
    groups += (groups.empty() ? "" : "; ") + l.name + " " + thousands(l.count) +
              (l.optical ? " optical" : " copper");
  line("links", thousands(n.links_total(false) + n.links_total(true)) + ": copper " +
                    thousands(n.links_total(false)) + ", optical " +
                    thousands(n.links_total(true)) + " (" + groups + ")");
  std::string by_speed;
  for (const auto& [gbps, count] : n.transceivers)
    by_speed += (by_speed.empty() ? "" : ", ") + speed(gbps) + " " + thousands(count);
  line("transceivers",
       thousands(n.transceivers_total()) + (by_speed.empty() ? "" : " (" + by_speed + ")") + ", " +
           fixed(static_cast<double>(n.transceivers_total()) / n.gpus, 2) + " per GPU");
  line("bisection", fixed(n.bisection_gbps_per_gpu, 1) + " Gb/s per GPU");
  line("hops", n.topology == Topology::clos
                   ? "at most " + std::to_string(n.max_hops) + " switches between two GPUs"
                   : "at most " + std::to_string(n.max_hops) + " chip-to-chip hops");
  if (r.sites.size() > 1) {
    for (const auto& site : r.sites) {
      const Network& m = site.network;
      line("site " + site.name,
           thousands(m.gpus) + " GPUs" +
               (m.topology == Topology::clos
                    ? ", " + std::to_string(m.tiers.size()) + " tier(s): " + tier_summary(m)
                    : "") +
               "; bisection " + fixed(m.bisection_gbps_per_gpu, 1) + " Gb/s per GPU" +
               (s.wan_gbps > 0 ? "; WAN " + fixed(s.wan_gbps / m.gpus, 2) + " Gb/s per GPU" : ""));
    }
    line("wan", fixed(s.wan_gbps, 0) + " Gb/s per site, " + fixed(s.wan_latency_ms, 1) +
                    " ms one way (not costed)");
  }
  const Bill& c = r.costing.capex_usd;
  line("capex", musd(c.total()) + " (gpus " + musd(c.gpus) + ", servers " + musd(c.servers) +
                    ", switches " + musd(c.switches) + ", optics " + musd(c.optics) + ", copper " +
                    musd(c.copper) + ", ocs " + musd(c.ocs) + ")");
  const Bill& w = r.costing.power_watts;
  line("power", kw(w.total()) + " (gpus " + kw(w.gpus) + ", servers " + kw(w.servers) +
                    ", switches " + kw(w.switches) + ", optics " + kw(w.optics) + ", ocs " +
                    kw(w.ocs) + "; no cooling overhead)");
  return o.str();
}

nlohmann::ordered_json to_json(const FabricSpec& s, const FabricReport& r) {
  const Network& n = r.total;
  nlohmann::ordered_json j;
  j["name"] = s.name;
  j["description"] = s.description;
  j["topology"] = n.topology == Topology::clos ? "clos" : "torus";
  j["gpus"] = n.gpus;
  j["servers"] = n.servers;
  j["racks"] = n.racks;
  j["scale_up"] = {{"domain", s.scale_up_domain},
                   {"gpus", s.scale_up_gpus},
                   {"domains", n.scale_up_domains},
                   {"gbps_per_gpu", s.scale_up_gbps_per_gpu}};
  j["tiers"] = tiers_json(n);
  j["switches"] = n.switches();
  if (n.topology == Topology::clos) {
    j["planes"] = s.planes;
    j["rails"] = s.rails;
  } else {
    j["torus"] = {{"dims", n.torus_dims}, {"cubes", n.cubes}, {"cube", s.cube}};
    j["ocs"] = {{"switches", n.ocs}, {"ports", n.ocs_ports}};
  }
  auto groups = nlohmann::ordered_json::array();
  for (const auto& l : n.links)
    groups.push_back(
        {{"name", l.name}, {"count", l.count}, {"gbps", l.gbps}, {"optical", l.optical}});
  j["links"] = {{"total", n.links_total(false) + n.links_total(true)},
                {"copper", n.links_total(false)},
                {"optical", n.links_total(true)},
                {"groups", groups}};
  nlohmann::ordered_json by_gbps = nlohmann::ordered_json::object();
  for (const auto& [gbps, count] : n.transceivers) by_gbps[std::to_string(gbps)] = count;
  j["transceivers"] = {{"total", n.transceivers_total()}, {"by_gbps", by_gbps}};
  j["bisection_gbps_per_gpu"] = n.bisection_gbps_per_gpu;
  j["max_hops"] = n.max_hops;
  j["capex_usd"] = r.costing.capex_usd.total();
  j["capex_breakdown_usd"] = bill_json(r.costing.capex_usd, 1);
  j["power_kw"] = r.costing.power_watts.total() / 1000;
  j["power_breakdown_kw"] = bill_json(r.costing.power_watts, 1e-3);
  auto sites = nlohmann::ordered_json::array();
  for (const auto& site : r.sites)
    sites.push_back({{"name", site.name},
                     {"gpus", site.network.gpus},
                     {"tiers", tiers_json(site.network)},
                     {"bisection_gbps_per_gpu", site.network.bisection_gbps_per_gpu}});
  j["sites"] = sites;
  j["wan"] = {{"gbps", s.wan_gbps}, {"latency_ms", s.wan_latency_ms}};
  return j;
}

}  // namespace fleetsim::fabric
