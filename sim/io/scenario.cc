// Applying option values to a scenario, the embedded default scenario and the resolved text.
#include "sim/io/scenario.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "sim/model/embedded_file.h"

namespace fleetsim::scenarios {
const std::vector<fleetsim::EmbeddedFile>& embedded_files();
}

namespace fleetsim::io {

void apply_option(Scenario& scenario, const std::string& name, const std::string& value,
                  const std::string& origin) {
  const auto& opts = scenario_options();
  auto it =
      std::find_if(opts.begin(), opts.end(), [&](const OptionSpec& o) { return o.name == name; });
  if (it == opts.end()) throw ConfigError(origin + ": unknown option '" + name + "'");
  try {
    it->set(scenario, value);
  } catch (const std::invalid_argument& e) {
    throw ConfigError(origin + ": option '" + name + "': " + e.what());
  }
  scenario.origin[name] = origin;
}

void apply(Scenario& scenario, const std::vector<IniEntry>& entries, const std::string& source) {
  for (const IniEntry& e : entries)
    apply_option(scenario, e.key, e.value, source + ":" + std::to_string(e.line));
}

Scenario scenario_for(const Scenario& scenario, const std::string& layout) {
  Scenario out = scenario;
  out.layout = layout;
  const model::Layout l = load_layout(layout);
  for (const auto& o : l.options) {
    const auto it = scenario.origin.find(o.key);
    if (it != scenario.origin.end() && it->second.starts_with("command line")) continue;
    apply_option(out, o.key, o.value, l.source + ":" + std::to_string(o.line));
  }
  return out;
}

Scenario default_scenario() {
  Scenario s;
  for (const auto& f : scenarios::embedded_files())
    if (f.name == "default_scenario") {
      const std::string source = "(embedded default_scenario.ini)";
      apply(s, parse_ini(f.text, source), source);
    }
  s.origin.clear();  // defaults are not the user's doing
  return s;
}

std::string resolved_text(const Scenario& scenario) {
  std::ostringstream out;
  std::string section;
  for (const OptionSpec& o : scenario_options()) {
    const auto dot = o.name.find('.');
    const std::string sec = dot == std::string::npos ? "" : o.name.substr(0, dot);
    if (sec != section) {
      out << "\n[" << sec << "]\n";
      section = sec;
    }
    out << o.name.substr(dot == std::string::npos ? 0 : dot + 1) << " = " << o.get(scenario)
        << "\n";
  }
  return out.str();
}

}  // namespace fleetsim::io
