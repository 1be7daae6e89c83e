// Cost, power and the /fabric group (issue 10 items 6 and 7): the figures a run writes against a
// closed form worked out here from the networks' counts and prices set here, and the /fabric rows
// against fabric::build_network for each cluster of the real layouts.
#include <mpi.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <memory>

#include "core/component.h"
#include "fabric/build.h"
#include "fabric/costing.h"
#include "fabric/presets.h"
#include "sim/io/columns.h"
#include "sim/io/h5_reader.h"
#include "sim/io/run_output.h"
#include "sim/io/scenario.h"
#include "sim/io/summary.h"
#include "sim/io/table_read.h"
#include "tests/model/fleet_harness.h"

using namespace fleetsim;

namespace {

// The closed form of docs/output.md and docs/fabric.md: capex and watts of one network from its
// counts, at the prices given.
struct Hand {
  double capex = 0, network_capex = 0, watts = 0, network_watts = 0;
};
Hand by_hand(const fabric::Network& n, const fabric::Prices& p, const fabric::Power& w) {
  Hand h;
  const double gpus = static_cast<double>(n.gpus), servers = static_cast<double>(n.servers);
  h.capex = gpus * p.gpu_usd + servers * p.server_usd;
  h.watts = gpus * w.gpu_watts + servers * w.server_watts;
  for (const auto& t : n.tiers) {
    const double switch_gbps = static_cast<double>(t.switches) * t.radix * t.port_gbps;
    h.network_capex += switch_gbps * p.switch_usd_per_gbps;
    h.network_watts += switch_gbps / 1000 * w.switch_watts_per_tbps;
  }
  for (const auto& [gbps, count] : n.transceivers) {
    h.network_capex += static_cast<double>(count) * gbps * p.optic_usd_per_gbps;
    h.network_watts += static_cast<double>(count) * gbps * w.optic_watts_per_gbps;
  }
  for (const auto& l : n.links)
    if (!l.optical) h.network_capex += static_cast<double>(l.count) * p.copper_usd_per_link;
  h.capex += h.network_capex;
  h.watts += h.network_watts;
  return h;
}

model::ModelConfig small_config() {
  model::ModelConfig cfg;
  cfg.fabric = {2, 4, 8};  // two pods of 4 nodes x 8 GPUs
  cfg.layout = {"two", "", "test", {1, 1}};
  cfg.failures.node_rate = 0;
  cfg.end_time = 20000 * engine::kSecond;
  cfg.timeline_period = 1000 * engine::kSecond;
  cfg.cost.pue = 1.3;
  cfg.cost.electricity_usd_per_mwh = 100;
  cfg.cost.depreciation_years = 4;
  cfg.cost.cloud_usd_per_gpu_hour = 3;
  cfg.cost.manual_share = 0.25;
  cfg.cost.usd_per_manual_incident = 1000;
  return cfg;
}

std::vector<traces::JobSpec> small_jobs() {
  return {test::job(0, 16, 3000, 4000), test::job(10, 8, 500, 600), test::job(20, 32, 2000, 3000)};
}

}  // namespace

TEST_CASE("/summary's cost and power equal the closed form from counts and prices", "[io][cost]") {
  model::ModelConfig cfg = small_config();
  auto spec = fabric::load_fabric("alibaba-hpn");
  spec.cost = {10'000, 20'000, 2.0, 3.0, 50, 0};
  spec.power = {500, 1000, 30, 0.02, 0};
  cfg.network.name = "alibaba-hpn (test prices)";
  cfg.network.spec = std::make_shared<const fabric::FabricSpec>(spec);
  cfg.network.clusters = {fabric::build_network(spec, 32), fabric::build_network(spec, 32)};
  auto run = test::run_fleet(cfg, small_jobs(),
                             {{engine::from_seconds(1000), engine::from_seconds(100), 0},
                              {engine::from_seconds(5000), engine::from_seconds(100), 5}});
  const std::string path = std::string(FLEETSIM_TEST_TMP) + "/cost-small.h5";
  io::write_run(path, *run->sim, *run->fleet, io::RunInfo{});
  const io::Summary s = io::summarize(path);
  const io::SummaryFigures& f = s.figures;
  const io::H5Reader file(path);
  const auto failure_rows = file.dataset<double>("/failures/time").size();
  INFO(io::format_table({s}));

  Hand sum;
  std::int64_t switches = 0, transceivers = 0, servers = 0;
  for (const auto& n : cfg.network.clusters) {
    const Hand h = by_hand(n, spec.cost, spec.power);
    sum.capex += h.capex;
    sum.network_capex += h.network_capex;
    sum.watts += h.watts;
    sum.network_watts += h.network_watts;
    for (const auto& t : n.tiers) switches += t.switches;
    for (const auto& [gbps, count] : n.transceivers) transceivers += count;
    servers += n.servers;
  }
  REQUIRE(switches > 0);  // the test means something: a network with switches and optics
  REQUIRE(transceivers > 0);
  REQUIRE(failure_rows >= 2);
  REQUIRE(f.useful_gpu_hours > 0);
  CHECK(servers == 8);
  const double seconds = 20000, hours = seconds / 3600, days = seconds / 86400;
  const double it_mw = sum.watts / 1e6;
  const double facility_mw = it_mw * 1.3;
  const double energy_mwh = facility_mw * hours;
  const double amortized = sum.capex * (seconds / (365 * 86400.0)) / 4;
  const double incidents = static_cast<double>(failure_rows) * 0.25;
  const double own = amortized + energy_mwh * 100 + incidents * 1000;

  CHECK(f.network_modelled == 1);
  CHECK(f.servers == servers);
  CHECK(f.switches == switches);
  CHECK(f.transceivers == transceivers);
  CHECK(f.failures == static_cast<std::int64_t>(failure_rows));
  CHECK(f.capex_usd == Approx(sum.capex).epsilon(1e-12));
  CHECK(f.network_capex_usd == Approx(sum.network_capex).epsilon(1e-12));
  CHECK(f.it_power_mw == Approx(it_mw).epsilon(1e-12));
  CHECK(f.network_power_mw == Approx(sum.network_watts / 1e6).epsilon(1e-12));
  CHECK(f.facility_power_mw == Approx(facility_mw).epsilon(1e-12));
  CHECK(f.energy_mwh == Approx(energy_mwh).epsilon(1e-12));
  CHECK(f.capex_amortized_usd == Approx(amortized).epsilon(1e-12));
  CHECK(f.energy_usd == Approx(energy_mwh * 100).epsilon(1e-12));
  CHECK(f.manual_incidents == Approx(incidents));
  CHECK(f.manual_incidents_per_day == Approx(incidents / days));
  CHECK(f.operations_usd == Approx(incidents * 1000));
  CHECK(f.own_cost_usd == Approx(own).epsilon(1e-12));
  CHECK(f.usd_per_useful_gpu_hour == Approx(own / f.useful_gpu_hours).epsilon(1e-12));
  CHECK(f.own_usd_per_gpu_hour == Approx(own / (64 * hours)).epsilon(1e-12));
  CHECK(f.rent_usd == Approx(3 * f.useful_gpu_hours).epsilon(1e-12));
  CHECK(f.break_even_utilization == Approx(own / (3 * 64 * hours)).epsilon(1e-12));
  // The compare table prints them.
  const std::string table = io::format_table({s});
  CHECK_THAT(table, Catch::Contains("USD per useful GPU-hour"));
  CHECK_THAT(table, Catch::Contains("break-even utilization vs cloud"));
}

TEST_CASE("without a network GPUs and servers are priced and the network is NaN", "[io][cost]") {
  model::ModelConfig cfg = small_config();  // network.spec null: fabric.network = none
  auto run = test::run_fleet(cfg, small_jobs());
  const std::string path = std::string(FLEETSIM_TEST_TMP) + "/cost-none.h5";
  io::write_run(path, *run->sim, *run->fleet, io::RunInfo{});
  const io::SummaryFigures f = io::summarize(path).figures;
  const auto p = fabric::default_prices();
  const auto w = fabric::default_power();
  CHECK(f.network_modelled == 0);
  CHECK(f.switches == 0);
  CHECK(f.transceivers == 0);
  CHECK(f.servers == 8);
  CHECK(std::isnan(f.network_capex_usd));
  CHECK(std::isnan(f.network_power_mw));
  CHECK(f.capex_usd == Approx(64 * p.gpu_usd + 8 * p.server_usd));
  CHECK(f.it_power_mw == Approx((64 * w.gpu_watts + 8 * w.server_watts) / 1e6));
  const io::H5Reader file(path);
  const auto rows = io::read_group(file, io::fabric_def());
  REQUIRE(rows.size() == 2);
  for (const auto& r : rows) {
    CHECK(r.tiers == 0);
    CHECK(std::isnan(r.bisection_gbps_per_gpu));
    CHECK(r.gpus == 32);
  }
}

TEST_CASE("/fabric: each cluster's network is build_network of its GPUs", "[io][cost][fabric]") {
  const io::Scenario scenario = io::default_scenario();
  for (const auto& [layout, tiers] : {std::pair<std::string, int>{"10x10k", 2}, {"giant", 3}}) {
    model::ModelConfig cfg = io::model_for(scenario, layout);
    REQUIRE(cfg.network.on());
    cfg.end_time = engine::kDay;
    auto run = test::run_fleet(cfg, {test::job(0, 8, 100, 200)});
    const std::string path = std::string(FLEETSIM_TEST_TMP) + "/fabric-" + layout + ".h5";
    io::write_run(path, *run->sim, *run->fleet, io::RunInfo{});
    const io::H5Reader file(path);
    const auto rows = io::read_group(file, io::fabric_def());
    const auto summary = io::read_group(file, io::summary_def());
    REQUIRE(summary.size() == 1);
    REQUIRE(rows.size() == cfg.layout.cluster_pods.size());
    std::int64_t switches = 0, transceivers = 0;
    double capex = 0;
    for (std::size_t c = 0; c < rows.size(); ++c) {
      INFO(layout << " cluster " << c);
      const std::int64_t gpus = std::int64_t{cfg.layout.cluster_pods[c]} *
                                cfg.fabric.nodes_per_pod * cfg.fabric.gpus_per_node;
      const fabric::Network n = fabric::build_network(*cfg.network.spec, gpus);
      const auto& r = rows[c];
      CHECK(r.cluster == static_cast<std::int32_t>(c));
      CHECK(r.gpus == gpus);
      CHECK(r.tiers == tiers);
      REQUIRE(n.tiers.size() == static_cast<std::size_t>(tiers));
      CHECK(r.leaf_switches == n.tiers[0].switches);
      CHECK(r.spine_switches == n.tiers[1].switches);
      CHECK(r.core_switches == (tiers > 2 ? n.tiers[2].switches : 0));
      CHECK(r.tier4_switches == 0);
      CHECK(r.switches == n.switches());
      CHECK(r.transceivers == n.transceivers_total());
      CHECK(r.links == n.links_total(true) + n.links_total(false));
      CHECK(r.optical_links == n.links_total(true));
      CHECK(r.bisection_gbps_per_gpu == n.bisection_gbps_per_gpu);
      CHECK(r.servers == n.servers);
      switches += r.switches;
      transceivers += r.transceivers;
      capex += r.capex_usd;
    }
    CHECK(summary[0].switches == switches);
    CHECK(summary[0].transceivers == transceivers);
    CHECK(summary[0].capex_usd == Approx(capex).epsilon(1e-12));
    const auto kinds = io::read_group(file, io::failures_by_component_def());
    REQUIRE(kinds.size() == static_cast<std::size_t>(core::kComponentKinds));
    std::int64_t failures = 0;
    for (std::size_t k = 0; k < kinds.size(); ++k) {
      CHECK(kinds[k].component == static_cast<std::int8_t>(k));
      failures += kinds[k].failures;
    }
    CHECK(failures == summary[0].failures);
    CHECK(failures == static_cast<std::int64_t>(file.dataset<double>("/failures/time").size()));
  }
}
