// Failure logs that are tables: the LANL failure data (CSV, Schroeder & Gibson, DSN'06) and the
// Failure Trace Archive's event_trace.tab (Kondo et al., CCGrid'10). Both record calendar or
// epoch times; the log's origin becomes its first failure.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "traces/csv.h"
#include "traces/datetime.h"
#include "traces/failure_log.h"
#include "traces/failure_table.h"
#include "traces/row_error.h"
#include "traces/text.h"

namespace fleetsim::traces {

namespace {

// LANL's "m/d/yyyy H:MM" (local time at Los Alamos, no zone): seconds on that clock.
bool lanl_time(const std::string& s, double& out) {
  int mo = 0, d = 0, y = 0, h = 0, mi = 0;
  const char* p = s.data();
  const char* e = p + s.size();
  auto num = [&](int& v, char stop) {
    auto r = std::from_chars(p, e, v);
    if (r.ec != std::errc() || (stop && (r.ptr == e || *r.ptr != stop))) return false;
    p = r.ptr + (stop ? 1 : 0);
    return true;
  };
  if (!num(mo, '/') || !num(d, '/') || !num(y, ' ') || !num(h, ':') || !num(mi, 0) || p != e)
    return false;
  return y >= 1900 && civil_seconds(y, mo, d, h, mi, 0, out);
}

// Records were read on the log's own clock: make its first failure time 0.
void shift_to_first(FailureLog& log) {
  if (log.records.empty()) return;
  double first = log.records.front().time_s;
  for (const auto& r : log.records) first = std::min(first, r.time_s);
  for (auto& r : log.records) r.time_s -= first;
}

// The header of a table, column name to index; FieldError naming the first missing column.
std::map<std::string, int> columns(const std::vector<std::string>& names,
                                   std::initializer_list<const char*> required) {
  std::map<std::string, int> col;
  for (int i = 0; i < static_cast<int>(names.size()); ++i) col.emplace(names[i], i);
  for (const char* n : required)
    if (!col.count(n)) throw FieldError{n, "missing from the header"};
  return col;
}

const char* const kLanlCauses[] = {"Facilities", "Hardware",     "Human Error",
                                   "Network",    "Undetermined", "Software"};

FailureRecord lanl_row(const std::vector<std::string>& f, std::map<std::string, int>& col) {
  if (f.size() != col.size())
    throw FieldError{"(line)", std::to_string(f.size()) + " fields, the header has " +
                                   std::to_string(col.size())};
  FailureRecord r;
  r.node = "system " + f[col["System"]] + " node " + f[col["nodenumz"]];
  const std::string& started = f[col["Prob Started"]];
  if (!lanl_time(started, r.time_s))
    throw FieldError{"Prob Started", quote(started) + " is not a time (m/d/yyyy H:MM)"};
  // Down Time when given (minutes), else Prob Fixed - Prob Started; a Down Time that is there
  // but not a number of minutes is an error, not a reason to look elsewhere.
  const std::string& down = f[col["Down Time"]];
  const std::string& fixed = f[col["Prob Fixed"]];
  double v = 0;
  if (!down.empty()) {
    if (!parse_number(down, v) || v < 0)
      throw FieldError{"Down Time", quote(down) + " is not a non-negative number of minutes"};
    r.repair_s = duration_field(v * 60, down + " min", "Down Time");
  } else if (lanl_time(fixed, v)) {
    if (v < r.time_s) throw FieldError{"Prob Fixed", "before Prob Started"};
    r.repair_s = duration_field(v - r.time_s, fixed, "Prob Fixed");
  } else {
    throw FieldError{"Down Time",
                     "empty, and Prob Fixed " + quote(fixed) + " is not a time (m/d/yyyy H:MM)"};
  }
  r.component = f[col["fru type"]];
  r.cause = "Unknown";
  for (const char* c : kLanlCauses)
    if (col.count(c) && !f[col[c]].empty()) {
      r.cause = c;
      r.text = f[col[c]];
      break;
    }
  return r;
}

}  // namespace

void read_lanl(FailureLog& log, BadRows bad_rows) {
  std::vector<std::string> f;
  std::map<std::string, int> col;
  std::map<std::string, double> system_nodes;  // from the `nodes` column; NaN when blank
  std::map<std::string, std::set<std::string>> seen;
  auto split = [&](std::string_view line) {
    if (!split_csv(line, f)) throw FieldError{"(line)", "unclosed quote"};
  };
  auto header = [&](std::string_view line) {
    if (line.empty()) return false;
    split(line);
    col = columns(
        f, {"System", "nodes", "nodenumz", "fru type", "Prob Started", "Prob Fixed", "Down Time"});
    return true;
  };
  auto row = [&](std::string_view line) {
    split(line);
    FailureRecord r = lanl_row(f, col);
    const std::string& system = f[col["System"]];
    double nodes = 0;
    if (!system_nodes.count(system))
      system_nodes[system] =
          parse_number(f[col["nodes"]], nodes) && nodes > 0 ? nodes : std::nan("");
    seen[system].insert(r.node);
    return r;
  };
  read_failure_table(log, bad_rows,
                     {header, [](std::string_view line) { return line.empty(); }, row, "System"});
  // The log watched every node of its systems: their sizes, or the nodes seen where blank.
  for (const auto& [system, nodes] : system_nodes)
    log.sampled_nodes += std::isnan(nodes) ? static_cast<std::int64_t>(seen[system].size())
                                           : static_cast<std::int64_t>(nodes);
  shift_to_first(log);
}

namespace {

// The Failure Trace Archive's event_trace columns, as its format description names them.
// Files the archive publishes call the end column event_stop_time; both names are read.
const std::vector<std::string> kFtaColumns = {
    "event_id",   "component_id",     "node_id",        "platform_id",     "node_name",
    "event_type", "event_start_time", "event_end_time", "event_end_reason"};

// Tab-separated fields, each trimmed: published files pad numbers with spaces ('         0').
void split_tabs(std::string_view line, std::vector<std::string>& f) {
  f.clear();
  for (std::size_t start = 0;;) {
    const auto tab = line.find('\t', start);
    f.emplace_back(
        trim(line.substr(start, tab == std::string_view::npos ? line.npos : tab - start)));
    if (tab == std::string_view::npos) return;
    start = tab + 1;
  }
}

FailureRecord fta_row(const std::vector<std::string>& f, std::map<std::string, int>& col) {
  auto get = [&](const char* n) -> const std::string& {
    const int i = col.at(n);
    if (i >= static_cast<int>(f.size()))
      throw FieldError{n, "missing (" + std::to_string(f.size()) + " fields, expected " +
                              std::to_string(col.size()) + ")"};
    return f[static_cast<std::size_t>(i)];
  };
  const std::string& type = get("event_type");
  if (type != "0" && type != "1")
    throw FieldError{"event_type", quote(type) + " is not 0 (unavailable) or 1 (available)"};
  if (type == "1")  // an availability period: not a failure, counted
    throw FieldError{"event_type", "1 (available): not a failure", "availability period"};
  FailureRecord r;
  const std::string& start = get("event_start_time");
  r.time_s = time_field(number_field(start, "event_start_time"), start, "event_start_time");
  // An empty end time is an unknown repair; anything else must be a time after the start.
  const std::string& end = get("event_end_time");
  if (!end.empty()) {
    const double e = time_field(number_field(end, "event_end_time"), end, "event_end_time");
    if (e < r.time_s) throw FieldError{"event_end_time", "before event_start_time"};
    r.repair_s = duration_field(e - r.time_s, end, "event_end_time");
  }
  r.node = (col.count("platform_id") ? get("platform_id") + ":" : "") + get("node_id");
  if (col.count("component_id")) r.component = get("component_id");
  r.cause = "unavailability";
  if (col.count("event_end_reason")) r.text = get("event_end_reason");
  return r;
}

}  // namespace

void read_fta(FailureLog& log, BadRows bad_rows) {
  // event_type 0 = unavailable (a failure), 1 = available; times in epoch seconds. The header
  // line naming the columns is optional, and may begin with '#' as in the archive's files.
  std::map<std::string, int> col;
  for (int i = 0; i < static_cast<int>(kFtaColumns.size()); ++i) col[kFtaColumns[i]] = i;
  std::vector<std::string> f;
  auto split = [&](std::string_view line) {
    split_tabs(!line.empty() && line.front() == '#' ? line.substr(1) : line, f);
  };
  auto header = [&](std::string_view line) {
    split(line);
    if (std::find(f.begin(), f.end(), "event_type") == f.end()) return false;
    for (auto& name : f)
      if (name == "event_stop_time") name = "event_end_time";
    col = columns(f, {"node_id", "event_type", "event_start_time", "event_end_time"});
    return true;
  };
  auto comment = [](std::string_view line) { return line.empty() || line.front() == '#'; };
  auto row = [&](std::string_view line) {
    split(line);
    return fta_row(f, col);
  };
  read_failure_table(log, bad_rows, {header, comment, row});
  shift_to_first(log);
}

}  // namespace fleetsim::traces
