// Bad fabric input: one message naming the file, the line and the key; overrides win over the
// file; keys of the other topology and sizes given twice are refused.
#include <catch2/catch.hpp>

#include "fabric/build.h"
#include "fabric/error.h"
#include "fabric/presets.h"

using namespace fleetsim::fabric;
using Catch::Matchers::Equals;

namespace {

const std::string kBase =
    "name = t\n"     // line 1
    "gpus = 1024\n"  // line 2
    "radix = 64\n";  // line 3

std::string error_of(const std::string& text, const Overrides& o = {}) {
  try {
    const auto spec = parse_fabric(text, "t.ini", o);
    build_fabric(spec);
  } catch (const FabricError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("unknown keys name the file and line, or the option", "[fabric][spec]") {
  CHECK_THAT(error_of(kBase + "radixx = 3\n"), Equals("t.ini:4: unknown key 'radixx'"));
  CHECK_THAT(error_of(kBase + "[leaf]\nsize = 3\n"), Equals("t.ini:5: unknown key 'leaf.size'"));
  CHECK_THAT(error_of(kBase, {{"nope", "1"}}),
             Equals("command line --fabric.nope: unknown key 'nope'"));
}

TEST_CASE("values out of range name the key and its line", "[fabric][spec]") {
  CHECK_THAT(error_of(kBase + "oversubscription = 0.5\n"),
             Equals("t.ini:4: key 'oversubscription': must be at least 1 (got 0.5)"));
  CHECK_THAT(error_of(kBase + "[spine]\noversubscription = 0.9\n"),
             Equals("t.ini:5: key 'spine.oversubscription': must be at least 1 (got 0.9)"));
  CHECK_THAT(error_of("gpus = -5\n"), Equals("t.ini:1: key 'gpus': must be positive (got -5)"));
  CHECK_THAT(error_of(kBase + "port_gbps = -400\n"),
             Equals("t.ini:4: key 'port_gbps': must not be negative (got -400)"));
  CHECK_THAT(error_of(kBase + "[cost]\ngpu_usd = -1\n"),
             Equals("t.ini:5: key 'cost.gpu_usd': must not be negative (got -1)"));
  CHECK_THAT(error_of(kBase + "planes = two\n"),
             Equals("t.ini:4: key 'planes': 'two' is not an integer"));
  CHECK_THAT(error_of(kBase, {{"oversubscription", "0"}}),
             Equals("command line --fabric.oversubscription: must be at least 1 (got 0)"));
}

TEST_CASE("an impossible fabric names the key that makes it so", "[fabric][spec]") {
  // Radix too small for the tier count: no port left to go up.
  CHECK_THAT(error_of("radix = 1\ntiers = 2\n"),
             Catch::Matchers::StartsWith("t.ini:1: key 'radix': radix 1 is too small for 2 tiers"));
  // More GPUs than the tiers hold: 64-port switches, two tiers, at most 2,048.
  CHECK_THAT(error_of("gpus = 5000\nradix = 64\ntiers = 2\n"),
             Equals("t.ini:3: key 'tiers': 5000 GPUs do not fit in 2 tier(s) of these switches "
                    "(at most 2048 GPUs per plane)"));
  // The same through an override of the preset.
  CHECK_THAT(error_of("radix = 64\ntiers = 2\n", {{"radix", "16"}, {"gpus", "1000"}}),
             Equals("t.ini:2: key 'tiers': 1000 GPUs do not fit in 2 tier(s) of these switches "
                    "(at most 128 GPUs per plane)"));
  CHECK_THAT(error_of(kBase + "gpus_per_server = 8\nrails = 3\n"),
             Equals("t.ini:5: key 'rails': must divide gpus_per_server (8)"));
  CHECK_THAT(error_of(kBase + "[leaf]\ndown_ports = 60\noversubscription = 2\n"),
             Catch::Matchers::StartsWith("t.ini:5: key 'leaf.down_ports': 60 down ports"));
}

TEST_CASE("nothing typed twice, nothing of the other topology", "[fabric][spec]") {
  CHECK_THAT(error_of(kBase + "scalable_units = 4\nservers_per_su = 32\n"),
             Equals("t.ini:2: key 'gpus': the size is given twice: by gpus and by scalable_units "
                    "(t.ini:4: key 'scalable_units')"));
  CHECK_THAT(error_of(kBase + "[site.a]\ngpus = 8\n"),
             Equals("t.ini:2: key 'gpus': the size is given twice: by this key and by [site.*] "
                    "sections"));
  CHECK_THAT(error_of(kBase + "[torus]\ncube = 4\n"),
             Equals("t.ini:5: key 'torus.cube': applies to topology = torus"));
  CHECK_THAT(error_of("topology = torus\ngpus = 64\nrails = 8\n"),
             Equals("t.ini:3: key 'rails': applies to topology = clos"));
  CHECK_THAT(error_of("radix = 64\n"),
             Equals("t.ini: the fabric's size is not given: set gpus, scalable_units, "
                    "[site.NAME] gpus or (for a Clos) tiers"));
  CHECK_THAT(error_of(kBase + "radix = 32\n"),
             Equals("t.ini:4: key 'radix' is set twice (first on line 3)"));
  CHECK_THAT(error_of("gpus 12\n"),
             Equals("t.ini:1: unparsable line 'gpus 12': expected 'key = value'"));
}

TEST_CASE("overrides replace the file's values; sites keep their order", "[fabric][spec]") {
  const auto spec =
      parse_fabric(kBase + "tiers = 2\n", "t.ini", {{"radix", "32"}, {"gpus", "512"}});
  CHECK(spec.tier[0].radix == 32);
  CHECK(spec.gpus == 512);
  const auto net = build_fabric(spec).at(0).network;
  CHECK(net.tiers[0].switches == 32);  // 512 GPUs / 16 down ports

  const auto sites = parse_fabric("[site.b]\ngpus = 100\n[site.a]\ngpus = 50\n", "s.ini");
  REQUIRE(sites.sites.size() == 2);
  CHECK(sites.sites[0].name == "b");
  CHECK(sites.sites[1].name == "a");
  CHECK(sites.gpus == 150);
}

TEST_CASE("a leaf in the rack is wired in copper, a rail leaf in optics (assumption)",
          "[fabric][spec]") {
  const std::string t = "gpus = 64\nradix = 16\ngpus_per_server = 8\n";
  // Leaves of 8 GPUs, racks of 8: top-of-rack, copper.
  auto n = build_fabric(parse_fabric(t + "gpus_per_rack = 8\n", "t.ini")).at(0).network;
  CHECK(n.links.at(0).optical == false);
  CHECK(n.links_total(false) == 64);
  // Racks of 8 but rails: each leaf takes one GPU of many servers, so it sits elsewhere.
  n = build_fabric(parse_fabric(t + "gpus_per_rack = 8\nrails = 8\n", "t.ini")).at(0).network;
  CHECK(n.links.at(0).optical == true);
  // A leaf of 8 GPUs under 4-GPU racks spans two racks: optics.
  n = build_fabric(
          parse_fabric("gpus = 64\nradix = 16\ngpus_per_server = 4\ngpus_per_rack = 4\n", "t.ini"))
          .at(0)
          .network;
  CHECK(n.links.at(0).optical == true);
}
