// The StepFun GPU fault trace (InfiniteHBD, SIGCOMM'25): a JSON array of events
//   {node_id, event_time (days), event_type fault_start|fault_end, fault_type {Level, Class,
//   Desc}}.
// A fault_end closes the oldest open fault_start of the same node and fault type (on one node two
// faults of different types can overlap; pairing by node alone would mismatch them).
#include <deque>
#include <map>

#include "traces/failure_log.h"
#include "traces/json_array.h"
#include "traces/row_error.h"
#include "traces/text.h"

namespace fleetsim::traces {

namespace {

using json = nlohmann::json;

constexpr double kDay = 86400.0;
// StepFun's trace samples 400 servers (SOURCES.md; InfiniteHBD, SIGCOMM'25): 231 of them fault.
constexpr std::int64_t kStepfunServers = 400;

std::string string_of(const json& obj, const char* name) {
  auto it = obj.find(name);
  if (it == obj.end()) throw FieldError{name, "missing"};
  if (!it->is_string()) throw FieldError{name, "not a string"};
  return it->get<std::string>();
}

struct Event {
  FailureRecord record;
  std::string type;
};

Event parse_event(const json& e) {
  if (!e.is_object()) throw FieldError{"(record)", "not an object"};
  Event ev;
  ev.record.node = string_of(e, "node_id");
  ev.type = string_of(e, "event_type");
  auto t = e.find("event_time");
  if (t == e.end()) throw FieldError{"event_time", "missing"};
  if (!t->is_number() || t->get<double>() < 0)
    throw FieldError{"event_time", "not a non-negative number of days"};
  ev.record.time_s = duration_field(t->get<double>() * kDay, t->dump() + " days", "event_time");
  auto ft = e.find("fault_type");
  if (ft == e.end()) throw FieldError{"fault_type", "missing"};
  if (!ft->is_object()) throw FieldError{"fault_type", "not an object"};
  ev.record.cause = string_of(*ft, "Level");
  ev.record.component = string_of(*ft, "Class");
  ev.record.text = string_of(*ft, "Desc");
  if (ev.type != "fault_start" && ev.type != "fault_end")
    throw FieldError{"event_type", quote(ev.type) + " is neither fault_start nor fault_end"};
  return ev;
}

}  // namespace

void read_stepfun(FailureLog& log, BadRows bad_rows) {
  const json doc = read_json_array(log.path, "events");
  log.sampled_nodes = kStepfunServers;

  struct Open {
    double start;
    std::size_t record;
  };
  std::map<std::pair<std::string, std::string>, std::deque<Open>> open;
  std::vector<FailureRecord> starts;  // indexed by position; repair filled on the end
  for (std::size_t i = 0; i < doc.size(); ++i) {
    ++log.counts.lines;
    const auto record = static_cast<std::int64_t>(i + 1);  // 1-based, as line numbers
    try {
      Event ev = parse_event(doc[i]);
      FailureRecord& r = ev.record;
      r.line = record;
      const auto key = std::make_pair(r.node, r.cause + "\x1f" + r.component + "\x1f" + r.text);
      if (ev.type == "fault_start") {
        open[key].push_back({r.time_s, starts.size()});
        starts.push_back(std::move(r));
        ++log.counts.jobs;
        continue;
      }
      auto& q = open[key];
      if (q.empty())
        throw FieldError{"event_type",
                         "fault_end without an open fault_start of this node and fault type"};
      FailureRecord& start = starts[q.front().record];
      if (r.time_s < q.front().start)
        throw FieldError{"event_time", "fault_end before its fault_start (record " +
                                           std::to_string(start.line) + ")"};
      start.repair_s = r.time_s - q.front().start;
      q.pop_front();
      ++log.ends;  // an end closes a failure: not a failure of its own
    } catch (const FieldError& e) {
      reject_row(log.counts, bad_rows, false, at_record(log.path, record), e);
    }
  }
  log.records = std::move(starts);
}

}  // namespace fleetsim::traces
