// Failure logs' component fields mapped onto core::Component (traces/component_map.h): the table
// of each format on small inline fixtures, the unmapped count, the native CSV's unknown names as
// bad rows, the kind reaching the replayed NodeFailure, and the mixes of the real logs.
#include <array>
#include <catch2/catch.hpp>
#include <fstream>

#include "tests/traces/data_dir.h"
#include "tests/traces/read_helpers.h"
#include "traces/component_map.h"
#include "traces/failure_fit.h"
#include "traces/failure_log.h"

using namespace fleetsim;
using namespace fleetsim::traces;
using core::Component;

namespace {

FailureRecord record(std::string component, std::string cause, std::string text) {
  FailureRecord r;
  r.component = std::move(component);
  r.cause = std::move(cause);
  r.text = std::move(text);
  return r;
}

// The kind, or "unmapped" when no rule matched.
std::string kind_of(const std::string& format, const FailureRecord& r) {
  const auto m = map_component(format, r);
  return m.mapped ? std::string(core::name(m.kind)) : "unmapped";
}

std::string write_tmp(const std::string& name, const std::string& text) {
  const std::string path = std::string(FLEETSIM_TEST_TMP) + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::int64_t count(const ComponentMix& mix, Component c) {
  return mix.kinds[static_cast<std::size_t>(c)];
}

}  // namespace

TEST_CASE("Component map: StepFun Class, refined by Desc", "[traces][components]") {
  // Class GPU: ECC errors are HBM, temperature the GPU system's, SDC software, the rest the GPU.
  CHECK(kind_of("stepfun",
                record("GPU", "Hardware Failure", "GPU DBE(Double Bit ECC) > Threshold")) == "hbm");
  CHECK(kind_of("stepfun",
                record("GPU", "Hardware Failure", "GPU SBE(Single Bit ECC) > Threshold")) == "hbm");
  CHECK(kind_of("stepfun", record("GPU", "Hardware Failure", "GPU Temperature High")) ==
        "gpu_system");
  CHECK(kind_of("stepfun", record("GPU", "Hardware Failure", "Silent Data Corruption")) ==
        "software");
  CHECK(kind_of("stepfun", record("GPU", "Hardware Failure", "GPU xid Error")) == "gpu");
  CHECK(kind_of("stepfun", record("GPU", "Hardware Failure", "a Desc never seen")) == "gpu");
  // Case and surrounding spaces do not matter, for the class nor for the description.
  CHECK(kind_of("stepfun", record(" gpu ", "", "gpu dbe(double bit ecc) > threshold")) == "hbm");
  CHECK(kind_of("stepfun", record("nic", "Hardware Failure", "Rnic Gid Error")) == "nic");
  CHECK(kind_of("stepfun", record("Parameter Plane Cable", "", "Link Down")) == "link");
  CHECK(kind_of("stepfun", record("Fan", "", "Speed Critical (Sensor)")) == "host");
  CHECK(kind_of("stepfun", record("Power Supply", "", "")) == "host");
  CHECK(kind_of("stepfun", record("Software Tool", "", "Kubelet Date Absent")) == "software");
  CHECK(kind_of("stepfun", record("Change", "", "Y-cables Taken offline")) == "maintenance");
  CHECK(kind_of("stepfun", record("Change", "", "Remote Optical Module Failure")) == "link");
  // "Unknown Error" is mapped to other on purpose; a class no rule knows is unmapped.
  CHECK(kind_of("stepfun", record("Unknown Error", "Other Failure", "Unknown Error")) == "other");
  CHECK(kind_of("stepfun", record("Coolant Leak", "Hardware Failure", "Drip")) == "unmapped");
  CHECK(map_component("stepfun", record("Coolant Leak", "", "")).kind == Component::kOther);
  CHECK(unmapped_value("stepfun", record("Coolant Leak", "", "Drip")) == "Coolant Leak");
  CHECK(unmapped_value("stepfun", record("", "", "")) == "(none)");
}

TEST_CASE("Component map: LANL blame column, refined by the Hardware part",
          "[traces][components]") {
  CHECK(kind_of("lanl", record("part", "Hardware", "CPU")) == "host");
  CHECK(kind_of("lanl", record("part", "Hardware", "Memory Dimm")) == "host");
  CHECK(kind_of("lanl", record("node", "Hardware", "Disk Drive")) == "host");
  CHECK(kind_of("lanl", record("part", "Hardware", "Graphics Accel Hdwr")) == "gpu");
  CHECK(kind_of("lanl", record("part", "Hardware", "Interconnect Interface")) == "nic");
  CHECK(kind_of("lanl", record("part", "Hardware", "Interconnect Cable")) == "link");
  CHECK(kind_of("lanl", record("part", "Hardware", "Interconnect Switch")) == "leaf_switch");
  CHECK(kind_of("lanl", record("part", "Hardware", "SAN controller")) == "host");  // case
  CHECK(kind_of("lanl", record("part", "Hardware", "Other")) == "other");
  // A Hardware part the table does not know is unmapped (there is no catch-all for Hardware).
  CHECK(kind_of("lanl", record("part", "Hardware", "Vhisp")) == "unmapped");
  CHECK(unmapped_value("lanl", record("part", "Hardware", "Vhisp")) == "Hardware: Vhisp");
  // Software is software, except the DST (scheduled) windows.
  CHECK(kind_of("lanl", record("part", "Software", "OS")) == "software");
  CHECK(kind_of("lanl", record("part", "Software", "anything")) == "software");
  CHECK(kind_of("lanl", record("part", "Software", "DST")) == "maintenance");
  CHECK(kind_of("lanl", record("part", "Software", "dst-upgrd/instl os sftw")) == "maintenance");
  CHECK(kind_of("lanl", record("part", "Network", "Network")) == "nic");
  CHECK(kind_of("lanl", record("part", "Facilities", "Power Outage")) == "other");
  CHECK(kind_of("lanl", record("part", "Human Error", "Human Error")) == "other");
  CHECK(kind_of("lanl", record("part", "Undetermined", "Unresolvable")) == "other");
  // No blame column filled: the reader's cause "Unknown", unmapped. The fru type is not used.
  CHECK(kind_of("lanl", record("node", "Unknown", "")) == "unmapped");
  CHECK(unmapped_value("lanl", record("node", "Unknown", "")) == "Unknown");
}

TEST_CASE("Component map: native names and FTA ids", "[traces][components]") {
  CHECK(kind_of("native", record("gpu", "", "")) == "gpu");
  CHECK(kind_of("native", record("GPU", "", "")) == "gpu");
  CHECK(kind_of("native", record("Link_Flap", "", "")) == "link_flap");
  CHECK(kind_of("native", record("maintenance", "", "")) == "maintenance");
  CHECK(kind_of("native", record("", "", "")) == "unmapped");
  CHECK(unmapped_value("native", record("", "", "")) == "(none)");
  for (int k = 0; k < core::kComponentKinds; ++k) {
    const auto c = static_cast<Component>(k);
    CHECK(component_named_nocase(core::name(c)) == c);
  }
  CHECK_FALSE(component_named_nocase("gpus").has_value());
  CHECK(component_name_list().starts_with("gpu, hbm, gpu_sram, "));
  CHECK(
      component_name_list().ends_with(", core_switch, maintenance, uplink, rack_power, wan_path"));
  // FTA's component_id is a number: nothing maps, every value is counted.
  CHECK(kind_of("fta", record("3", "unavailability", "")) == "unmapped");
  CHECK(unmapped_value("fta", record("3", "unavailability", "")) == "3");
  CHECK(component_rules("fta").empty());
}

TEST_CASE("Component mix of logs read whole, and the kind in the replayed failures",
          "[traces][components]") {
  SECTION("StepFun") {
    const auto path = write_tmp("components_fault_trace.json", R"([
{"node_id":"a","event_time":0.5,"event_type":"fault_start",
 "fault_type":{"Level":"Hardware Failure","Class":"GPU","Desc":"GPU DBE(Double Bit ECC) > Threshold"}},
{"node_id":"b","event_time":1,"event_type":"fault_start",
 "fault_type":{"Level":"Hardware Failure","Class":"GPU","Desc":"GPU Lost"}},
{"node_id":"a","event_time":2,"event_type":"fault_end",
 "fault_type":{"Level":"Hardware Failure","Class":"GPU","Desc":"GPU DBE(Double Bit ECC) > Threshold"}},
{"node_id":"c","event_time":3,"event_type":"fault_start",
 "fault_type":{"Level":"Other Failure","Class":"Coolant Leak","Desc":"x"}},
{"node_id":"d","event_time":3,"event_type":"fault_start",
 "fault_type":{"Level":"Other Failure","Class":"Coolant Leak","Desc":"y"}},
{"node_id":"e","event_time":4,"event_type":"fault_start",
 "fault_type":{"Level":"Other Failure","Class":"Gremlins","Desc":"z"}}
])");
    const auto log = read_failure_log({path, "stepfun"}, BadRows::kError);
    REQUIRE(log.records.size() == 5);
    CHECK(log.records[0].kind == Component::kHbm);
    CHECK(log.records[0].kind_mapped);
    CHECK(log.records[1].kind == Component::kGpu);
    CHECK(log.records[2].kind == Component::kOther);
    CHECK_FALSE(log.records[2].kind_mapped);
    const auto mix = component_mix(log.format, log.records);
    CHECK(count(mix, Component::kHbm) == 1);
    CHECK(count(mix, Component::kGpu) == 1);
    CHECK(count(mix, Component::kOther) == 3);
    CHECK(mix.unmapped == 3);
    using V = std::vector<std::pair<std::string, std::int64_t>>;
    CHECK(mix.unmapped_values == V{{"Coolant Leak", 2}, {"Gremlins", 1}});  // most first

    // Replayed on a fleet of 5 nodes (one copy) for less than the 4-day span (no repeat), each
    // failure keeps its kind.
    const auto fit = fit_failures(log, {}, 5, core::from_seconds(3.9 * 86400.0), 1, 1);
    REQUIRE(fit.failures.size() == 5);
    std::array<std::int64_t, core::kComponentKinds> kinds{};
    for (const auto& f : fit.failures) ++kinds[static_cast<std::size_t>(f.component)];
    CHECK(kinds == mix.kinds);
  }
  SECTION("LANL") {
    const std::string header =
        "System,machine type,nodes,procstot,procsinnode,nodenum,nodenumz,node install,node "
        "prod,node decom,fru type,mem,cputype,memtype,num intercon,purpose,Prob Started,Prob "
        "Fixed,Down Time,Facilities,Hardware,Human Error,Network,Undetermined,Software,Same "
        "Event\n";
    const std::string row = "2,cluster,49,6152,80,0,0,5-Apr,5-Jun,current,part,80,1,1,0,compute,";
    const auto path =
        write_tmp("components_lanl.csv",
                  header + row + "6/21/2005 10:54,6/21/2005 11:00,6,,Memory Dimm,,,,,No\n" + row +
                      "6/21/2005 12:00,6/21/2005 13:00,60,,,,,,DST,No\n" + row +
                      "6/21/2005 14:00,6/21/2005 15:00,60,,,,,,,No\n" + row +
                      "6/21/2005 16:00,6/21/2005 17:00,60,,Vhisp,,,,,No\n");
    const auto log = read_failure_log({path, "lanl"}, BadRows::kError);
    REQUIRE(log.records.size() == 4);
    const auto mix = component_mix(log.format, log.records);
    CHECK(count(mix, Component::kHost) == 1);
    CHECK(count(mix, Component::kMaintenance) == 1);
    CHECK(count(mix, Component::kOther) == 2);
    using V = std::vector<std::pair<std::string, std::int64_t>>;
    CHECK(mix.unmapped_values == V{{"Hardware: Vhisp", 1}, {"Unknown", 1}});  // ties by value
  }
  SECTION("native") {
    const auto path = write_tmp("components.failures.csv",
                                "time_s,node,component\n0,n1,GPU\n10,n2,link_flap\n20,n3,\n");
    const auto log = read_failure_log({path, "native"}, BadRows::kError);
    const auto mix = component_mix(log.format, log.records);
    CHECK(count(mix, Component::kGpu) == 1);
    CHECK(count(mix, Component::kLinkFlap) == 1);
    CHECK(mix.unmapped == 1);
    REQUIRE(mix.unmapped_values.size() == 1);
    CHECK(mix.unmapped_values[0].first == "(none)");
  }
}

TEST_CASE("Native failure CSV: an unknown component is a bad row", "[traces][components]") {
  const auto path =
      write_tmp("unknown_component.failures.csv",
                "# a comment\ntime_s,node,component\n0,n1,gpu\n10,n2,GPUs\n20,n3,nic\n");
  CHECK(test::message_of([&] {
          read_failure_log({path, "native"}, BadRows::kError);
        }) ==
        path +
            ":4: field component: unknown component 'GPUs' (one of: gpu, hbm, gpu_sram, "
            "gpu_system, nic, host, software, other, link, link_flap, leaf_switch, spine_switch, "
            "core_switch, maintenance, uplink, rack_power, wan_path)");
  const auto log = read_failure_log({path, "native"}, BadRows::kSkip);
  CHECK(log.records.size() == 2);
  CHECK(log.counts.skipped == 1);
  CHECK(log.counts.skip_reasons.at("malformed") == 1);
}

// The mixes of the real logs, as `fleetsim trace failures` prints them (docs/traces.md); the
// ctest traces_component_mix_real re-counts them from the raw files in Python, by Level for
// StepFun and by blame column for LANL instead of by this table.
TEST_CASE("Real StepFun trace: component mix", "[traces][components][data][.]") {
  FLEETSIM_REQUIRE_DATA(path, "failures/stepfun-2024/fault_trace.json");
  const auto log = read_failure_log({path, "stepfun"}, BadRows::kError);
  const auto mix = component_mix(log.format, log.records);
  CHECK(mix.unmapped == 0);
  CHECK(count(mix, Component::kGpu) == 94);
  CHECK(count(mix, Component::kHbm) == 61);
  CHECK(count(mix, Component::kGpuSystem) == 2);
  CHECK(count(mix, Component::kNic) == 30);
  CHECK(count(mix, Component::kLink) == 41);
  CHECK(count(mix, Component::kHost) == 69);
  CHECK(count(mix, Component::kSoftware) == 13);
  CHECK(count(mix, Component::kMaintenance) == 5);
  CHECK(count(mix, Component::kOther) == 269);
}

TEST_CASE("Real LANL data: component mix", "[traces][components][data][.]") {
  FLEETSIM_REQUIRE_DATA(path, "failures/lanl-1996-2005/LA-UR-05-7318-failure-data-1996-2005.csv");
  const auto log = read_failure_log(parse_failure_spec(path), BadRows::kError);
  const auto mix = component_mix(log.format, log.records);
  CHECK(count(mix, Component::kGpu) == 40);
  CHECK(count(mix, Component::kGpuSystem) == 2);
  CHECK(count(mix, Component::kMaintenance) == 1313);
  CHECK(count(mix, Component::kSoftware) == 5361 - 1313);
  CHECK(mix.unmapped == 453 + 115);
  REQUIRE(!mix.unmapped_values.empty());
  CHECK(mix.unmapped_values[0] == std::pair<std::string, std::int64_t>{"Unknown", 453});
  std::int64_t total = 0;
  for (auto n : mix.kinds) total += n;
  CHECK(total == 23739);
}
