// fleetsim's own failure-log CSV (docs/traces.md): '#' comment lines, then a header naming the
// columns, in any order: time_s and node required; repair_s (empty: unknown), component, cause
// and text optional. One failure per line; times in seconds from the log's origin. `component`
// is one of core::kComponentNames (any case), or empty.
#include <map>

#include "traces/component_map.h"
#include "traces/csv.h"
#include "traces/failure_log.h"
#include "traces/failure_table.h"
#include "traces/row_error.h"
#include "traces/text.h"

namespace fleetsim::traces {

namespace {

const char* const kColumns[] = {"time_s", "node", "repair_s", "component", "cause", "text"};

double seconds_of(const std::string& text, const char* field, const char* or_else) {
  double v = 0;
  if (!parse_number(text, v) || v < 0)
    throw FieldError{field, quote(text) + " is not a non-negative number of seconds" + or_else};
  return duration_field(v, text, field);
}

std::map<std::string, int> take_header(const std::vector<std::string>& f) {
  std::map<std::string, int> col;
  for (int i = 0; i < static_cast<int>(f.size()); ++i) {
    bool ok = false;
    for (const char* n : kColumns) ok |= f[i] == n;
    if (!ok)
      throw FieldError{field_name(f[i]),
                       "unknown column (time_s, node, repair_s, component, cause, text)"};
    col[f[i]] = i;
  }
  for (const char* n : {"time_s", "node"})
    if (!col.count(n)) throw FieldError{n, "missing from the header"};
  return col;
}

FailureRecord parse_row(const std::vector<std::string>& f, std::map<std::string, int>& col) {
  if (f.size() != col.size()) {
    std::string field = f.size() < col.size() ? kColumns[0] : "(line)";
    for (const auto& [n, i] : col)
      if (i == static_cast<int>(f.size())) field = n;
    throw FieldError{
        field, std::to_string(f.size()) + " fields, the header has " + std::to_string(col.size())};
  }
  FailureRecord r;
  r.time_s = seconds_of(f[col["time_s"]], "time_s", "");
  r.node = f[col["node"]];
  if (r.node.empty()) throw FieldError{"node", "empty"};
  if (col.count("repair_s") && !f[col["repair_s"]].empty())
    r.repair_s = seconds_of(f[col["repair_s"]], "repair_s", " (or empty)");
  if (col.count("component")) {
    // The kinds' own names (any case); empty: not known, replayed as `other` and counted.
    r.component = f[col["component"]];
    if (!trim(r.component).empty() && !component_named_nocase(r.component))
      throw FieldError{"component", "unknown component " + quote(r.component) +
                                        " (one of: " + component_name_list() + ")"};
  }
  if (col.count("cause")) r.cause = f[col["cause"]];
  if (col.count("text")) r.text = f[col["text"]];
  return r;
}

}  // namespace

void read_native_failures(FailureLog& log, BadRows bad_rows) {
  std::vector<std::string> f;
  std::map<std::string, int> col;
  auto comment = [](std::string_view line) { return line.empty() || line.front() == '#'; };
  auto split = [&](std::string_view line) {
    if (!split_csv(line, f)) throw FieldError{"(line)", "unclosed quote"};
  };
  read_failure_table(log, bad_rows,
                     {[&](std::string_view line) {
                        if (comment(line)) return false;
                        split(line);
                        col = take_header(f);
                        return true;
                      },
                      comment,
                      [&](std::string_view line) {
                        split(line);
                        return parse_row(f, col);
                      },
                      "time_s"});
}

}  // namespace fleetsim::traces
