#include "fabric/cli.h"

#include <iostream>
#include <vector>

#include "fabric/error.h"
#include "fabric/presets.h"
#include "fabric/report.h"

namespace fleetsim::fabric {
namespace {

constexpr int kExitBadInput = 2;

void usage(std::ostream& out, const std::string& program) {
  const std::string p = program == "fleetsim" ? "fleetsim fabric" : program;
  out << "usage: " << p << " list\n"
      << "       " << p << " describe FABRIC [--fabric.KEY VALUE ...] [--gpus N] [--json]\n"
      << "       " << p << " keys\n"
      << "FABRIC is a preset (`" << p << " list`) or the path of a fabric .ini file; each\n"
      << "--fabric.KEY VALUE replaces that key (e.g. --fabric.scalable_units 16, --fabric.radix "
         "32\n"
      << "--fabric.tiers 3). Nothing is simulated. docs/fabric.md describes every key and "
         "figure.\n";
}

int list(std::ostream& out) {
  std::size_t width = 0;
  const auto presets = list_presets();
  for (const auto& p : presets) width = std::max(width, p.name.size());
  for (const auto& p : presets)
    out << p.name << std::string(width - p.name.size() + 2, ' ') << p.description << "\n";
  return 0;
}

int describe_command(const std::vector<std::string>& args, std::ostream& out) {
  std::string fabric;
  bool json = false;
  std::int64_t cluster_gpus = 0;
  Overrides overrides;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--json") {
      json = true;
    } else if (a == "--gpus") {
      const std::string v = i + 1 < args.size() ? args[++i] : "";
      try {
        std::size_t used = 0;
        cluster_gpus = std::stoll(v, &used);
        if (used != v.size() || cluster_gpus < 1) throw std::invalid_argument(v);
      } catch (const std::exception&) {
        throw FabricError("command line --gpus: '" + v + "' is not a positive integer");
      }
    } else if (a.rfind("--fabric.", 0) == 0) {
      std::string key = a.substr(9), value;
      if (const auto eq = key.find('='); eq != std::string::npos) {
        value = key.substr(eq + 1);
        key = key.substr(0, eq);
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        throw FabricError("command line " + a + ": needs a value");
      }
      overrides.emplace_back(key, value);
    } else if (a.rfind("--", 0) == 0) {
      throw FabricError("command line: unrecognised option '" + a + "'");
    } else if (fabric.empty()) {
      fabric = a;
    } else {
      throw FabricError("command line: one fabric only (got '" + fabric + "' and '" + a + "')");
    }
  }
  if (fabric.empty()) throw FabricError("command line: describe needs a FABRIC (preset or file)");
  const FabricSpec spec = load_fabric(fabric, overrides);
  const FabricReport report =
      cluster_gpus > 0 ? describe_cluster(spec, cluster_gpus) : describe(spec);
  if (json)
    out << to_json(spec, report).dump() << "\n";
  else
    out << format_text(spec, report);
  return 0;
}

}  // namespace

int run_fabric_command(int argc, char** argv, std::ostream& out, std::ostream& err,
                       const std::string& program) {
  std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  if (args.empty()) {
    usage(err, program);
    return kExitBadInput;
  }
  const std::string command = args.front();
  args.erase(args.begin());
  try {
    if (command == "--help" || command == "-h" || command == "help") {
      usage(out, program);
      return 0;
    }
    if (command == "list") return list(out);
    if (command == "keys") {
      for (const auto& k : known_keys()) out << k << "\n";
      return 0;
    }
    if (command == "describe") return describe_command(args, out);
    throw FabricError("unknown fabric command '" + command + "' (list, describe, keys)");
  } catch (const FabricError& e) {
    err << program << ": error: " << e.what() << "\n";
    return kExitBadInput;
  }
}

}  // namespace fleetsim::fabric
