// The StepFun GPU fault trace (InfiniteHBD, SIGCOMM'25): a JSON array of events
//   {node_id, event_time (days), event_type fault_start|fault_end, fault_type {Level, Class,
//   Desc}}.
// A fault_end closes the oldest open fault_start of the same node and fault type (on one node two
// faults of different types can overlap; pairing by node alone would mismatch them).
#include <cmath>
#include <deque>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "traces/failure_log.h"

namespace fleetsim::traces {

namespace {

constexpr double kDay = 86400.0;
// StepFun's trace samples 400 servers (SOURCES.md; InfiniteHBD, SIGCOMM'25): 231 of them fault.
constexpr std::int64_t kStepfunServers = 400;

}  // namespace

void read_stepfun(FailureLog& log, BadRows bad_rows) {
  std::ifstream in(log.path, std::ios::binary);
  if (!in) throw TraceError(log.path + ": cannot open file");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte locates the damage; the message says what was expected.
    throw TraceError(log.path + ": byte " + std::to_string(e.byte) + ": not valid JSON (" +
                     e.what() + ")");
  }
  if (!doc.is_array()) throw TraceError(log.path + ": record 0: expected a JSON array of events");
  log.sampled_nodes = kStepfunServers;

  struct Open {
    double start;
    std::size_t record;
  };
  std::map<std::pair<std::string, std::string>, std::deque<Open>> open;
  std::vector<FailureRecord> starts;  // indexed by position; repair filled on the end
  for (std::size_t i = 0; i < doc.size(); ++i) {
    ++log.counts.lines;
    const auto& e = doc[i];
    const std::string where = log.path + ": record " + std::to_string(i);
    std::string field;
    auto bad = [&](const std::string& what) {
      const std::string msg = where + ": field " + field + ": " + what;
      if (bad_rows == BadRows::kError) throw TraceError(msg);
      log.counts.skip("malformed", msg);
    };
    auto str = [&](const nlohmann::json& obj, const char* name, std::string& out) {
      field = name;
      auto it = obj.find(name);
      if (it == obj.end() || !it->is_string()) {
        bad(it == obj.end() ? "missing" : "not a string");
        return false;
      }
      out = it->get<std::string>();
      return true;
    };
    if (!e.is_object()) {
      field = "(record)";
      bad("not an object");
      continue;
    }
    FailureRecord r;
    std::string type;
    if (!str(e, "node_id", r.node) || !str(e, "event_type", type)) continue;
    field = "event_time";
    auto t = e.find("event_time");
    if (t == e.end() || !t->is_number() || !std::isfinite(t->get<double>()) ||
        t->get<double>() < 0) {
      bad(t == e.end() ? "missing" : "not a non-negative number of days");
      continue;
    }
    field = "fault_type";
    auto ft = e.find("fault_type");
    if (ft == e.end() || !ft->is_object()) {
      bad(ft == e.end() ? "missing" : "not an object");
      continue;
    }
    if (!str(*ft, "Level", r.cause) || !str(*ft, "Class", r.component) || !str(*ft, "Desc", r.text))
      continue;
    r.time_s = t->get<double>() * kDay;
    r.line = static_cast<std::int64_t>(i);
    const auto key = std::make_pair(r.node, r.cause + "\x1f" + r.component + "\x1f" + r.text);
    if (type == "fault_start") {
      open[key].push_back({r.time_s, starts.size()});
      starts.push_back(std::move(r));
      ++log.counts.jobs;
    } else if (type == "fault_end") {
      auto& q = open[key];
      if (q.empty()) {
        field = "event_type";
        bad("fault_end without an open fault_start of this node and fault type");
        continue;
      }
      starts[q.front().record].repair_s = r.time_s - q.front().start;
      q.pop_front();
      ++log.ends;  // an end closes a failure: not a failure of its own
    } else {
      field = "event_type";
      bad("'" + type + "' is neither fault_start nor fault_end");
    }
  }
  log.records = std::move(starts);
}

}  // namespace fleetsim::traces
