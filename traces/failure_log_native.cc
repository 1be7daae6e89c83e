// fleetsim's own failure-log CSV (docs/traces.md): '#' comment lines, then a header naming the
// columns, in any order: time_s and node required; repair_s (empty: unknown), component, cause
// and text optional. One failure per line; times in seconds from the log's origin.
#include <charconv>
#include <cmath>
#include <map>

#include "traces/csv.h"
#include "traces/failure_log.h"
#include "traces/line_reader.h"

namespace fleetsim::traces {

namespace {

bool parse_seconds(const std::string& s, double& out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size() && std::isfinite(out) && out >= 0;
}

}  // namespace

void read_native_failures(FailureLog& log, BadRows bad_rows) {
  LineReader in(log.path);
  std::string_view line;
  std::vector<std::string> f;
  std::map<std::string, int> col;
  const char* names[] = {"time_s", "node", "repair_s", "component", "cause", "text"};
  while (in.next(line)) {
    ++log.counts.lines;
    const std::string where = log.path + ":" + std::to_string(in.line_number());
    if (line.empty() || line.front() == '#') {
      ++log.counts.comments;
      continue;
    }
    if (!split_csv(line, f)) {
      const std::string msg = where + ": field (line): unclosed quote";
      if (bad_rows == BadRows::kError || col.empty()) throw TraceError(msg);
      log.counts.skip("malformed", msg);
      continue;
    }
    if (col.empty()) {  // the header
      ++log.counts.comments;
      for (int i = 0; i < static_cast<int>(f.size()); ++i) {
        bool ok = false;
        for (const char* n : names) ok |= f[i] == n;
        if (!ok)
          throw TraceError(where + ": field " + f[i] +
                           ": unknown column (time_s, node, repair_s, component, cause, text)");
        col[f[i]] = i;
      }
      for (const char* n : {"time_s", "node"})
        if (!col.count(n)) throw TraceError(where + ": field " + n + ": missing from the header");
      continue;
    }
    std::string field;
    auto bad = [&](const std::string& what) {
      const std::string msg = where + ": field " + field + ": " + what;
      if (bad_rows == BadRows::kError) throw TraceError(msg);
      log.counts.skip("malformed", msg);
    };
    if (f.size() != col.size()) {
      field = f.size() < col.size() ? names[0] : "(line)";
      for (const auto& [n, i] : col)
        if (i == static_cast<int>(f.size())) field = n;
      bad(std::to_string(f.size()) + " fields, the header has " + std::to_string(col.size()));
      continue;
    }
    FailureRecord r;
    r.line = in.line_number();
    field = "time_s";
    if (!parse_seconds(f[col["time_s"]], r.time_s)) {
      bad("'" + f[col["time_s"]] + "' is not a non-negative number of seconds");
      continue;
    }
    field = "node";
    r.node = f[col["node"]];
    if (r.node.empty()) {
      bad("empty");
      continue;
    }
    if (col.count("repair_s") && !f[col["repair_s"]].empty()) {
      field = "repair_s";
      if (!parse_seconds(f[col["repair_s"]], r.repair_s)) {
        bad("'" + f[col["repair_s"]] + "' is not a non-negative number of seconds (or empty)");
        continue;
      }
    }
    if (col.count("component")) r.component = f[col["component"]];
    if (col.count("cause")) r.cause = f[col["cause"]];
    if (col.count("text")) r.text = f[col["text"]];
    ++log.counts.jobs;
    log.records.push_back(std::move(r));
  }
  if (col.empty()) throw TraceError(log.path + ":1: field time_s: no header line");
}

}  // namespace fleetsim::traces
