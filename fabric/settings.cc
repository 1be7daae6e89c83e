#include "fabric/settings.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string_view>

#include "core/utf8.h"
#include "fabric/error.h"

namespace fleetsim::fabric {
namespace {

// Keys and values reach the JSON report (`describe --json`), which holds only UTF-8.
using core::valid_utf8;

// Keys outside the per-tier sections and [site.NAME]; docs/fabric.md explains each.
const std::set<std::string>& fixed_keys() {
  static const std::set<std::string> keys{"name",
                                          "description",
                                          "accelerator",
                                          "topology",
                                          "gpus",
                                          "scalable_units",
                                          "servers_per_su",
                                          "gpus_per_server",
                                          "gpus_per_rack",
                                          "tiers",
                                          "radix",
                                          "port_gbps",
                                          "oversubscription",
                                          "nic_gbps",
                                          "planes",
                                          "rails",
                                          "nic_links",
                                          "scale_up.domain",
                                          "scale_up.gpus",
                                          "scale_up.gbps_per_gpu",
                                          "torus.cube",
                                          "torus.link_gbps",
                                          "torus.ocs",
                                          "torus.ocs_radix",
                                          "wan.gbps",
                                          "wan.latency_ms",
                                          "cost.gpu_usd",
                                          "cost.server_usd",
                                          "cost.switch_usd_per_gbps",
                                          "cost.optic_usd_per_gbps",
                                          "cost.copper_usd_per_link",
                                          "cost.ocs_usd_per_port",
                                          "power.gpu_watts",
                                          "power.server_watts",
                                          "power.switch_watts_per_tbps",
                                          "power.optic_watts_per_gbps",
                                          "power.ocs_watts"};
  return keys;
}

const std::vector<std::string>& tier_keys() {
  static const std::vector<std::string> keys{"radix", "port_gbps", "oversubscription",
                                             "down_ports"};
  return keys;
}

bool is_site_key(const std::string& key) {
  // site.NAME.gpus with a non-empty NAME
  if (key.rfind("site.", 0) != 0) return false;
  const auto last = key.rfind('.');
  return last > 5 && key.substr(last) == ".gpus";
}

}  // namespace

std::string format_number(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

const std::vector<std::string>& tier_names() {
  static const std::vector<std::string> names{"leaf", "spine", "core", "tier4", "tier5", "tier6"};
  return names;
}

bool known_key(const std::string& key) {
  if (fixed_keys().count(key) || is_site_key(key)) return true;
  const auto dot = key.find('.');
  if (dot == std::string::npos) return false;
  const std::string section = key.substr(0, dot), rest = key.substr(dot + 1);
  return std::find(tier_names().begin(), tier_names().end(), section) != tier_names().end() &&
         std::find(tier_keys().begin(), tier_keys().end(), rest) != tier_keys().end();
}

std::vector<std::string> known_keys() {
  std::vector<std::string> out(fixed_keys().begin(), fixed_keys().end());
  for (const auto& t : tier_names())
    for (const auto& k : tier_keys()) out.push_back(t + "." + k);
  out.push_back("site.NAME.gpus");
  std::sort(out.begin(), out.end());
  return out;
}

void Settings::add_file(const std::vector<IniEntry>& entries) {
  for (const auto& e : entries) {
    const std::string at = source_ + ":" + std::to_string(e.line) + ": ";
    if (!valid_utf8(e.key)) throw FabricError(at + "the key is not UTF-8 text");
    if (!known_key(e.key)) throw FabricError(at + "unknown key '" + e.key + "'");
    if (!valid_utf8(e.value)) throw FabricError(at + "key '" + e.key + "': not UTF-8 text");
    values_[e.key] = Value{e.value, e.line, next_order_++};
  }
}

void Settings::add_override(const std::string& key, const std::string& value) {
  if (!valid_utf8(key) || !valid_utf8(value))
    throw FabricError("command line --fabric." + (valid_utf8(key) ? key : std::string("KEY")) +
                      ": not UTF-8 text");
  if (!known_key(key))
    throw FabricError("command line --fabric." + key + ": unknown key '" + key + "'");
  auto it = values_.find(key);
  const std::size_t order = it == values_.end() ? next_order_++ : it->second.order;
  values_[key] = Value{value, 0, order};
}

std::string Settings::where(const std::string& key) const {
  const auto it = values_.find(key);
  if (it == values_.end()) return source_ + ": key '" + key + "' (not set)";
  if (it->second.line == 0) return "command line --fabric." + key;
  return source_ + ":" + std::to_string(it->second.line) + ": key '" + key + "'";
}

void Settings::fail(const std::string& key, const std::string& why) const {
  throw FabricError(where(key) + ": " + why);
}

std::int64_t Settings::integer(const std::string& key, std::int64_t fallback,
                               std::int64_t min) const {
  const auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  const std::string& s = it->second.text;
  std::int64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty())
    fail(key, "'" + s + "' is not an integer");
  if (v < min)
    fail(key, min == 0   ? "must not be negative (got " + s + ")"
              : min == 1 ? "must be positive (got " + s + ")"
                         : "must be at least " + std::to_string(min) + " (got " + s + ")");
  return v;
}

double Settings::real(const std::string& key, double fallback, double min) const {
  const auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  const std::string& s = it->second.text;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size() || !std::isfinite(v))
    fail(key, "'" + s + "' is not a number");
  if (v < min)
    fail(key, min == 0 ? "must not be negative (got " + s + ")"
                       : "must be at least " + format_number(min) + " (got " + s + ")");
  return v;
}

std::string Settings::text(const std::string& key, const std::string& fallback) const {
  const auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second.text;
}

bool Settings::boolean(const std::string& key, bool fallback) const {
  return choice(key, fallback ? "true" : "false", {"true", "false"}) == "true";
}

std::string Settings::choice(const std::string& key, const std::string& fallback,
                             const std::vector<std::string>& allowed) const {
  const std::string v = text(key, fallback);
  if (std::find(allowed.begin(), allowed.end(), v) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    fail(key, "'" + v + "' is not one of " + list);
  }
  return v;
}

std::vector<std::string> Settings::sites() const {
  std::vector<std::pair<std::size_t, std::string>> found;
  for (const auto& [key, value] : values_)
    if (is_site_key(key)) found.emplace_back(value.order, key.substr(5, key.rfind('.') - 5));
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(f.second);
  return out;
}

}  // namespace fleetsim::fabric
