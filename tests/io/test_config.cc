// Config input: the INI lexer, durations, option values and layouts, with a SECTION per kind of
// bad input. Every error must name where it came from.
#include <catch2/catch.hpp>
#include <fstream>

#include "sim/io/ini.h"
#include "sim/io/scenario.h"
#include "sim/io/units.h"

using namespace fleetsim;
using Catch::Matchers::Contains;

TEST_CASE("INI lexer", "[io][config]") {
  const auto entries = io::parse_ini(
      "seed = 3\n# comment\n\n[failures]\nnode_rate = 2.5  # per 1000\n"
      "; another\n[workload]\noffered_load=0.5\n",
      "x.ini");
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].key == "seed");
  CHECK(entries[1].key == "failures.node_rate");
  CHECK(entries[1].value == "2.5");
  CHECK(entries[1].line == 5);
  CHECK(entries[2].key == "workload.offered_load");

  SECTION("a line that is neither key = value nor a section") {
    CHECK_THROWS_WITH(io::parse_ini("seed = 1\n[a]\nthis is wrong\n", "f.ini"),
                      Contains("f.ini:3: unparsable line 'this is wrong'"));
  }
  SECTION("an unclosed section") {
    CHECK_THROWS_WITH(io::parse_ini("[failures\n", "f.ini"), Contains("f.ini:1:"));
  }
  SECTION("a key set twice") {
    CHECK_THROWS_WITH(io::parse_ini("[a]\nx = 1\nx = 2\n", "f.ini"),
                      Contains("f.ini:3: 'a.x' is set twice (first on line 2)"));
  }
  SECTION("a missing file") {
    CHECK_THROWS_WITH(io::read_ini_file("/nonexistent/fleetsim.ini"),
                      Contains("/nonexistent/fleetsim.ini: cannot open file"));
  }
}

TEST_CASE("durations", "[io][config]") {
  CHECK(io::parse_duration("30d") == 30 * engine::kDay);
  CHECK(io::parse_duration("10min") == 10 * engine::kMinute);
  CHECK(io::parse_duration("1.5h") == 90 * engine::kMinute);
  CHECK(io::parse_duration("250ms") == 250 * engine::kMillisecond);
  CHECK(io::parse_duration("42") == 42 * engine::kSecond);
  CHECK(io::parse_duration("1y") == 365 * engine::kDay);
  CHECK(io::format_duration(365 * engine::kDay) == "1y");
  CHECK(io::format_duration(90 * engine::kMinute) == "90min");
  CHECK(io::format_duration(1500 * engine::kMillisecond) == "1500ms");
  for (engine::Time t : {engine::Time{1}, 7 * engine::kSecond, 3 * engine::kDay + 1})
    CHECK(io::parse_duration(io::format_duration(t)) == t);
  SECTION("not durations") {
    for (const char* bad : {"", "d", "30 days", "3x", "1e400d", "nan"})
      CHECK_THROWS_WITH(io::parse_duration(bad),
                        Contains("is not a duration") || Contains("too long"));
  }
}

TEST_CASE("a layout file sets options for its own runs, under the command line's", "[io][config]") {
  io::Scenario s = io::default_scenario();
  CHECK(s.model.sched.oversize == model::Oversize::kShrink);
  const io::Scenario span = io::scenario_for(s, "10x10k-span");
  CHECK(span.model.sched.oversize == model::Oversize::kSpan);
  CHECK(span.layout == "10x10k-span");
  CHECK(span.origin.at("sched.oversize") == "layouts/10x10k-span.ini (embedded):7");
  CHECK(io::resolved_text(span).find("oversize = span") != std::string::npos);
  // Each section once in the resolved text (it is read back as INI, which refuses repeats).
  const std::string text = io::resolved_text(span);
  for (const char* section : {"[sched]", "[span]", "[failures]", "[latency]", "[workload]"}) {
    INFO(section);
    CHECK(text.find(section) != std::string::npos);
    CHECK(text.find(section) == text.rfind(section));
  }
  CHECK(io::scenario_for(s, "10x10k").model.sched.oversize == model::Oversize::kShrink);
  io::apply_option(s, "sched.oversize", "reject", "command line --sched.oversize");
  CHECK(io::scenario_for(s, "10x10k-span").model.sched.oversize == model::Oversize::kReject);
  io::apply_option(s, "sched.oversize", "shrink", "some.ini:3");  // a config file does not win
  CHECK(io::scenario_for(s, "10x10k-span").model.sched.oversize == model::Oversize::kSpan);
}

TEST_CASE("scenario options", "[io][config]") {
  io::Scenario s = io::default_scenario();
  CHECK(s.layouts == std::vector<std::string>{"giant", "giant-fifo", "10x10k", "10x10k-span"});
  // The default scenario's operator policy, and giant-fifo's first-version queue beside it.
  CHECK(io::scenario_for(s, "giant").model.sched.priority == model::QueueOrder::kMultifactor);
  CHECK(io::scenario_for(s, "giant").model.sched.preempt_mode == model::PreemptMode::kCheckpoint);
  CHECK(io::scenario_for(s, "giant").model.sched.frontier_qos == "frontier");
  const io::Scenario fifo = io::scenario_for(s, "giant-fifo");
  CHECK(fifo.model.sched.priority == model::QueueOrder::kFifo);
  CHECK(fifo.model.sched.preempt_mode == model::PreemptMode::kOff);
  CHECK(fifo.model.sched.frontier_qos.empty());
  io::apply_option(s, "failures.node_rate", "2.34", "command line");
  CHECK(s.model.failures.node_rate == 2.34);
  io::apply_option(s, "checkpoint.policy", "fixed", "command line");
  CHECK(s.model.checkpoint.policy == model::CheckpointPolicy::kFixed);
  io::apply_option(s, "layouts", "giant, 4x25k 10x10k", "command line");
  CHECK(s.layouts.size() == 3);

  SECTION("the resolved text reads back to the same scenario") {
    io::Scenario again = io::default_scenario();
    io::apply(again, io::parse_ini(io::resolved_text(s), "resolved"), "resolved");
    CHECK(io::resolved_text(again) == io::resolved_text(s));
  }
  SECTION("an unknown option names its origin") {
    CHECK_THROWS_WITH(io::apply_option(s, "failures.node_rat", "1", "a.ini:4"),
                      Contains("a.ini:4: unknown option 'failures.node_rat'"));
  }
  SECTION("a value of the wrong type") {
    CHECK_THROWS_WITH(io::apply_option(s, "seed", "abc", "a.ini:1"),
                      Contains("a.ini:1: option 'seed': 'abc' is not an integer"));
    CHECK_THROWS_WITH(io::apply_option(s, "checkpoint.policy", "daily", "x"),
                      Contains("'daily' is not one of young, daly, fixed, none"));
    CHECK_THROWS_WITH(io::apply_option(s, "duration", "forever", "x"), Contains("not a duration"));
  }
  SECTION("a negative rate is caught when the run is checked, naming the option and file") {
    io::apply_option(s, "failures.node_rate", "-1", "b.ini:7");
    CHECK_THROWS_WITH(io::model_for(s, "giant"),
                      Contains("b.ini:7: option failures.node_rate must not be negative"));
  }
  SECTION("an offered load below the frontier runs' own") {
    io::apply_option(s, "workload.offered_load", "0.01", "command line --workload.offered_load");
    CHECK_THROWS_WITH(io::model_for(s, "giant"), Contains("workload.offered_load"));
  }
}

TEST_CASE("layouts", "[io][layouts]") {
  for (const auto& name : io::embedded_layout_names()) {
    const auto layout = io::load_layout(name);
    int pods = 0;
    for (int p : layout.cluster_pods) pods += p;
    CHECK(pods == 98);
  }
  CHECK(io::load_layout("10x10k").cluster_pods.size() == 10);
  CHECK(io::load_layout("4x25k").cluster_pods == std::vector<int>{25, 25, 24, 24});

  const std::string dir = std::string(FLEETSIM_TEST_TMP);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir + "/" + name) << text;
    return dir + "/" + name;
  };
  io::Scenario s = io::default_scenario();
  SECTION("a layout with a zero-node cluster") {
    const auto path = write("zero.ini", "name = zero\ncluster_pods = 98 0\n");
    CHECK_THROWS_WITH(io::model_for(s, path), Contains("cluster 1 has 0 pods (zero nodes)"));
  }
  SECTION("a layout that does not cover the fabric") {
    const auto path = write("short.ini", "cluster_pods = 90\n");
    CHECK_THROWS_WITH(io::model_for(s, path),
                      Contains("clusters hold 90 pods but fabric.pods is 98"));
  }
  SECTION("a layout with an unreadable pod count") {
    const auto path = write("bad.ini", "name = bad\n\ncluster_pods = 10 ten\n");
    CHECK_THROWS_WITH(io::load_layout(path),
                      Contains("bad.ini:3: cluster_pods: cannot read 'ten'"));
  }
  SECTION("an unknown layout name") {
    CHECK_THROWS_WITH(io::load_layout("huge"), Contains("unknown layout 'huge'"));
  }
  SECTION("a missing layout file") {
    CHECK_THROWS_WITH(io::load_layout(dir + "/none.ini"), Contains("none.ini: cannot open file"));
  }
}
