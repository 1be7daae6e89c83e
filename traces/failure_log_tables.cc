// Failure logs that are tables: the LANL failure data (CSV, Schroeder & Gibson, DSN'06) and the
// Failure Trace Archive's event_trace.tab (Kondo et al., CCGrid'10). Both record calendar or
// epoch times; the log's origin becomes its first failure.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "traces/csv.h"
#include "traces/failure_log.h"
#include "traces/line_reader.h"

namespace fleetsim::traces {

namespace {

bool number(const std::string& s, double& out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(out);
}

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
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || y < 1900) return false;
  // Days from civil (H. Hinnant), as in datetime.cc.
  const int yy = y - (mo <= 2);
  const int era = yy / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const double days = era * 146097.0 + doe - 719468;
  out = days * 86400 + h * 3600 + mi * 60;
  return true;
}

// Records were read on the log's own clock: make its first failure time 0.
void shift_to_first(FailureLog& log) {
  if (log.records.empty()) return;
  double first = log.records.front().time_s;
  for (const auto& r : log.records) first = std::min(first, r.time_s);
  for (auto& r : log.records) r.time_s -= first;
}

}  // namespace

void read_lanl(FailureLog& log, BadRows bad_rows) {
  LineReader in(log.path);
  std::string_view line;
  std::vector<std::string> f;
  std::map<std::string, int> col;
  const char* causes[] = {"Facilities", "Hardware",     "Human Error",
                          "Network",    "Undetermined", "Software"};
  std::map<std::string, double> system_nodes;  // from the `nodes` column; NaN when blank
  std::map<std::string, std::set<std::string>> seen;
  while (in.next(line)) {
    ++log.counts.lines;
    const std::string where = log.path + ":" + std::to_string(in.line_number());
    if (line.empty()) {
      ++log.counts.comments;
      continue;
    }
    std::string field = "(line)";
    auto bad = [&](const std::string& what) {
      const std::string msg = where + ": field " + field + ": " + what;
      if (bad_rows == BadRows::kError) throw TraceError(msg);
      log.counts.skip("malformed", msg);
    };
    if (!split_csv(line, f)) {
      bad("unclosed quote");
      continue;
    }
    if (col.empty()) {
      ++log.counts.comments;
      for (int i = 0; i < static_cast<int>(f.size()); ++i) col[f[i]] = i;
      for (const char* n :
           {"System", "nodes", "nodenumz", "fru type", "Prob Started", "Prob Fixed", "Down Time"})
        if (!col.count(n))
          throw TraceError(where + ": field " + n + ": missing from the header (LANL layout)");
      continue;
    }
    if (f.size() != col.size()) {
      bad(std::to_string(f.size()) + " fields, the header has " + std::to_string(col.size()));
      continue;
    }
    FailureRecord r;
    r.line = in.line_number();
    const std::string& system = f[col["System"]];
    r.node = "system " + system + " node " + f[col["nodenumz"]];
    field = "Prob Started";
    if (!lanl_time(f[col["Prob Started"]], r.time_s)) {
      bad("'" + f[col["Prob Started"]] + "' is not a time (m/d/yyyy H:MM)");
      continue;
    }
    double minutes = 0, fixed = 0;
    if (number(f[col["Down Time"]], minutes) && minutes >= 0) {
      r.repair_s = minutes * 60;
    } else if (lanl_time(f[col["Prob Fixed"]], fixed) && fixed >= r.time_s) {
      r.repair_s = fixed - r.time_s;
    } else {
      field = "Down Time";
      bad("'" + f[col["Down Time"]] + "' is not a number of minutes, nor is Prob Fixed a time");
      continue;
    }
    r.component = f[col["fru type"]];
    r.cause = "Unknown";
    for (const char* c : causes)
      if (col.count(c) && !f[col[c]].empty()) {
        r.cause = c;
        r.text = f[col[c]];
        break;
      }
    double nodes = 0;
    if (!system_nodes.count(system))
      system_nodes[system] = number(f[col["nodes"]], nodes) && nodes > 0 ? nodes : std::nan("");
    seen[system].insert(r.node);
    ++log.counts.jobs;
    log.records.push_back(std::move(r));
  }
  if (col.empty()) throw TraceError(log.path + ":1: field System: no header line");
  // The log watched every node of its systems: their sizes, or the nodes seen where blank.
  for (const auto& [system, nodes] : system_nodes)
    log.sampled_nodes += std::isnan(nodes) ? static_cast<std::int64_t>(seen[system].size())
                                           : static_cast<std::int64_t>(nodes);
  shift_to_first(log);
}

void read_fta(FailureLog& log, BadRows bad_rows) {
  // event_trace: event_id, component_id, node_id, platform_id, node_name, event_type,
  // event_start_time, event_end_time, event_end_reason; event_type 0 = unavailable (a failure),
  // 1 = available; times in epoch seconds. A header line naming the columns is optional.
  const std::vector<std::string> names = {"event_id",         "component_id",   "node_id",
                                          "platform_id",      "node_name",      "event_type",
                                          "event_start_time", "event_end_time", "event_end_reason"};
  LineReader in(log.path);
  std::string_view line;
  std::map<std::string, int> col;
  for (int i = 0; i < static_cast<int>(names.size()); ++i) col[names[i]] = i;
  bool first = true;
  std::vector<std::string> f;
  while (in.next(line)) {
    ++log.counts.lines;
    const std::string where = log.path + ":" + std::to_string(in.line_number());
    if (line.empty() || line.front() == '#') {
      ++log.counts.comments;
      continue;
    }
    f.clear();
    for (std::size_t start = 0;;) {
      const auto tab = line.find('\t', start);
      f.emplace_back(line.substr(start, tab == std::string_view::npos ? line.npos : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (first && std::find(f.begin(), f.end(), "event_type") != f.end()) {
      first = false;
      ++log.counts.comments;
      col.clear();
      for (int i = 0; i < static_cast<int>(f.size()); ++i) col[f[i]] = i;
      for (const auto& n : {"node_id", "event_type", "event_start_time", "event_end_time"})
        if (!col.count(n))
          throw TraceError(where + ": field " + std::string(n) + ": missing from the header");
      continue;
    }
    first = false;
    std::string field = "(line)";
    auto bad = [&](const std::string& what) {
      const std::string msg = where + ": field " + field + ": " + what;
      if (bad_rows == BadRows::kError) throw TraceError(msg);
      log.counts.skip("malformed", msg);
    };
    if (f.size() < col.size()) {
      bad(std::to_string(f.size()) + " fields, expected " + std::to_string(col.size()));
      continue;
    }
    auto get = [&](const char* n) -> const std::string& { return f[col.at(n)]; };
    double type = 0, start = 0, end = 0;
    field = "event_type";
    if (!number(get("event_type"), type) || (type != 0 && type != 1)) {
      bad("'" + get("event_type") + "' is not 0 (unavailable) or 1 (available)");
      continue;
    }
    if (type == 1) {  // an availability period: not a failure, counted
      log.counts.skip("availability period", where + ": event_type 1 (available): not a failure");
      continue;
    }
    field = "event_start_time";
    if (!number(get("event_start_time"), start)) {
      bad("'" + get("event_start_time") + "' is not a number of seconds");
      continue;
    }
    FailureRecord r;
    r.line = in.line_number();
    r.time_s = start;
    field = "event_end_time";
    if (number(get("event_end_time"), end)) {
      if (end < start) {
        bad("before event_start_time");
        continue;
      }
      r.repair_s = end - start;
    }
    r.node = (col.count("platform_id") ? get("platform_id") + ":" : "") + get("node_id");
    if (col.count("component_id")) r.component = get("component_id");
    r.cause = "unavailability";
    if (col.count("event_end_reason")) r.text = get("event_end_reason");
    ++log.counts.jobs;
    log.records.push_back(std::move(r));
  }
  shift_to_first(log);
}

}  // namespace fleetsim::traces
