#include "sim/io/layout.h"

#include <stdexcept>

#include "sim/io/errors.h"
#include "sim/io/ini.h"
#include "sim/io/option_text.h"
#include "sim/model/embedded_file.h"

namespace fleetsim::layouts {
const std::vector<fleetsim::EmbeddedFile>& embedded_files();
}

namespace fleetsim::io {

std::vector<std::string> embedded_layout_names() {
  std::vector<std::string> names;
  for (const auto& f : layouts::embedded_files()) names.emplace_back(f.name);
  return names;
}

model::Layout load_layout(const std::string& name_or_path) {
  std::vector<IniEntry> entries;
  model::Layout layout;
  const bool is_path =
      name_or_path.find('/') != std::string::npos || name_or_path.ends_with(".ini");
  if (is_path) {
    try {
      entries = read_ini_file(name_or_path);
    } catch (const std::invalid_argument& e) {
      throw ConfigError(std::string("layout ") + e.what());
    }
    layout.source = name_or_path;
  } else {
    for (const auto& f : layouts::embedded_files())
      if (f.name == name_or_path) {
        layout.source = "layouts/" + std::string(f.name) + ".ini (embedded)";
        entries = parse_ini(f.text, layout.source);
      }
    if (layout.source.empty())
      throw ConfigError("unknown layout '" + name_or_path + "' (embedded: " +
                        join(embedded_layout_names()) + "; or a path to an .ini file)");
  }
  layout.name = name_or_path;
  for (const IniEntry& e : entries) {
    const std::string where = layout.source + ":" + std::to_string(e.line);
    if (e.key == "name") {
      layout.name = e.value;
    } else if (e.key == "description") {
      layout.description = e.value;
    } else if (e.key == "cluster_pods") {
      // "10 10 9" or "8x10 2x9": pods per cluster, with COUNTxPODS for repeats.
      for (const auto& token : split_list(e.value)) {
        try {
          const auto x = token.find('x');
          const long long count = x == std::string::npos ? 1 : parse_integer(token.substr(0, x));
          const long long pods =
              parse_integer(x == std::string::npos ? token : token.substr(x + 1));
          if (count < 1 || count > 100000) throw std::invalid_argument("bad repeat count");
          if (pods < 0 || pods > 1000000) throw std::invalid_argument("pods out of range");
          for (long long k = 0; k < count; ++k)
            layout.cluster_pods.push_back(static_cast<int>(pods));
        } catch (const std::invalid_argument&) {
          throw ConfigError(where + ": cluster_pods: cannot read '" + token +
                            "' (pods per cluster, e.g. '10 10 9' or '8x10 2x9')");
        }
      }
    } else if (e.key == "layout" || e.key == "layouts" || e.key == "trace" ||
               e.key.starts_with("trace.") || e.key == "failures" ||
               e.key.starts_with("failures.log_")) {
      // A comparison replays one trace and one failure log, read once for all its layouts.
      throw ConfigError(where + ": a layout cannot set '" + e.key +
                        "' (layouts, traces and failure logs are the comparison's)");
    } else {  // a scenario option for this layout's runs, checked when applied (scenario_for)
      layout.options.push_back({e.key, e.value, e.line});
    }
  }
  if (layout.cluster_pods.empty())
    throw ConfigError(layout.source + ": layout has no cluster_pods");
  return layout;
}

}  // namespace fleetsim::io
