// Capex and power against arithmetic done by hand on a fabric small enough to count on paper,
// and the JSON object `describe --json` prints.
#include <catch2/catch.hpp>

#include "fabric/costing.h"
#include "fabric/presets.h"
#include "fabric/report.h"

using namespace fleetsim::fabric;

namespace {

// A 4-port fat tree of two tiers: 8 GPUs in 2 servers, 4 leaves (2 down, 2 up), 2 spines.
// NIC links in copper (8), leaf-spine links optical (8 links, 16 transceivers of 100G).
const char* kTiny =
    "name = tiny\n"
    "gpus = 8\n"
    "gpus_per_server = 4\n"
    "gpus_per_rack = 8\n"
    "radix = 4\n"
    "tiers = 2\n"
    "port_gbps = 100\n"
    "nic_gbps = 100\n"
    "nic_links = copper\n"
    "[cost]\n"
    "gpu_usd = 1000\n"
    "server_usd = 500\n"
    "switch_usd_per_gbps = 2\n"
    "optic_usd_per_gbps = 3\n"
    "copper_usd_per_link = 7\n"
    "ocs_usd_per_port = 11\n"
    "[power]\n"
    "gpu_watts = 300\n"
    "server_watts = 100\n"
    "switch_watts_per_tbps = 50\n"
    "optic_watts_per_gbps = 0.01\n";

}  // namespace

TEST_CASE("capex and power of a 4-port fat tree, counted by hand", "[fabric][costing]") {
  const auto spec = parse_fabric(kTiny, "tiny.ini");
  const auto report = describe(spec);
  const Bill& usd = report.costing.capex_usd;
  CHECK(usd.gpus == Approx(8 * 1000));
  CHECK(usd.servers == Approx(2 * 500));
  CHECK(usd.switches == Approx(6 * 4 * 100 * 2));  // 6 switches x 400 Gb/s x $2
  CHECK(usd.optics == Approx(16 * 100 * 3));       // 16 transceivers x 100 Gb/s x $3
  CHECK(usd.copper == Approx(8 * 7));
  CHECK(usd.ocs == 0);
  CHECK(usd.total() == Approx(18656));
  const Bill& w = report.costing.power_watts;
  CHECK(w.gpus == Approx(2400));
  CHECK(w.servers == Approx(200));
  CHECK(w.switches == Approx(6 * 0.4 * 50));
  CHECK(w.optics == Approx(16 * 100 * 0.01));
  CHECK(w.total() == Approx(2736));
}

TEST_CASE("describe --json: one object with the fields the issue asks for", "[fabric][json]") {
  const auto spec = parse_fabric(kTiny, "tiny.ini");
  const auto j = to_json(spec, describe(spec));
  CHECK(j.at("gpus") == 8);
  REQUIRE(j.at("tiers").size() == 2);
  CHECK(j["tiers"][0]["name"] == "leaf");
  CHECK(j["tiers"][0]["switches"] == 4);
  CHECK(j["tiers"][1]["name"] == "spine");
  CHECK(j["tiers"][1]["switches"] == 2);
  CHECK(j.at("links").at("copper") == 8);
  CHECK(j.at("links").at("optical") == 8);
  CHECK(j.at("transceivers").at("total") == 16);
  CHECK(j.at("transceivers").at("by_gbps").at("100") == 16);
  CHECK(j.at("capex_usd").get<double>() == Approx(18656));
  CHECK(j.at("power_kw").get<double>() == Approx(2.736));
  CHECK(j.at("bisection_gbps_per_gpu").get<double>() == Approx(100));
  CHECK(j.at("max_hops") == 3);
}

TEST_CASE("OCS ports and chassis are costed on a torus", "[fabric][costing]") {
  const auto spec =
      load_fabric("tpu-v4", {{"cost.ocs_usd_per_port", "10"}, {"power.ocs_watts", "7"}});
  const auto r = describe(spec);
  CHECK(r.costing.capex_usd.ocs == Approx(6144 * 10));  // 48 OCS x 128 ports used
  CHECK(r.costing.power_watts.ocs == Approx(48 * 7));
  CHECK(r.costing.capex_usd.switches == 0);
}
