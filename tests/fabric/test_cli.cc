// `fleetsim fabric` through the function both `fleetsim` and `fleetsim_fabric` call.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "fabric/cli.h"
#include "fabric/presets.h"

using namespace fleetsim::fabric;

namespace {

struct Run {
  int rc;
  std::string out, err;
};

Run run(std::vector<std::string> args) {
  args.insert(args.begin(), "fabric");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream out, err;
  const int rc =
      run_fabric_command(static_cast<int>(argv.size()), argv.data(), out, err, "fleetsim");
  return {rc, out.str(), err.str()};
}

}  // namespace

TEST_CASE("fabric list: one line per preset with its description", "[fabric][cli]") {
  const Run r = run({"list"});
  CHECK(r.rc == 0);
  const auto presets = list_presets();
  std::size_t lines = 0;
  for (char c : r.out) lines += c == '\n';
  CHECK(lines == presets.size());
  for (const auto& p : presets) {
    CHECK(r.out.find(p.name) != std::string::npos);
    CHECK(r.out.find(p.description) != std::string::npos);
  }
}

TEST_CASE("fabric describe: text names the tiers, --json is one object", "[fabric][cli]") {
  const Run text = run({"describe", "dgx-superpod-b200", "--fabric.scalable_units", "16"});
  CHECK(text.rc == 0);
  CHECK(text.out.find("4,096 B200") != std::string::npos);
  CHECK(text.out.find("core") != std::string::npos);
  const Run json = run({"describe", "dgx-superpod-b200", "--fabric.scalable_units=16", "--json"});
  REQUIRE(json.rc == 0);
  const auto j = nlohmann::json::parse(json.out);
  CHECK(j["gpus"] == 4096);
  CHECK(j["tiers"][2]["name"] == "core");
  CHECK(j["tiers"][2]["switches"] == 64);
  CHECK(j.contains("links"));
  CHECK(j.contains("transceivers"));
  CHECK(j.contains("capex_usd"));
  CHECK(j.contains("power_kw"));
}

TEST_CASE("fabric: bad input is one line on stderr and exit 2", "[fabric][cli]") {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"describe", "no-such-fabric"},
                                             {"describe", "fat-tree", "--fabric.radix", "-4"},
                                             {"describe", "fat-tree", "--fabric.nope", "1"},
                                             {"describe", "fat-tree", "--bogus"},
                                             {"describe", "fat-tree", "--fabric.radix"},
                                             {"describe"},
                                             {"frobnicate"}}) {
    const Run r = run(args);
    INFO(args.at(0) << " " << (args.size() > 1 ? args[1] : ""));
    CHECK(r.rc == 2);
    CHECK(r.out.empty());
    REQUIRE(!r.err.empty());
    CHECK(r.err.rfind("fleetsim: error: ", 0) == 0);
    CHECK(r.err.find('\n') == r.err.size() - 1);
  }
}
