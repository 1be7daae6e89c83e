#include "traces/failure_log.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include "traces/component_map.h"
#include "traces/file_spec.h"
#include "traces/row_error.h"

namespace fleetsim::traces {

namespace {

struct Format {
  const char* name;
  void (*read)(FailureLog&, BadRows);
  bool json;              // records, not lines
  const char* key_field;  // what names a failure, for the message of a log without one
};

const Format kFormats[] = {{"stepfun", read_stepfun, true, "event_type"},
                           {"native", read_native_failures, false, "time_s"},
                           {"lanl", read_lanl, false, "Prob Started"},
                           {"fta", read_fta, false, "event_type"}};

const Format* find_format(const std::string& name) {
  for (const auto& f : kFormats)
    if (name == f.name) return &f;
  return nullptr;
}

bool known(const std::string& name) { return find_format(name) != nullptr; }

}  // namespace

const char* known_failure_formats() { return "stepfun, native, lanl, fta"; }

namespace {
const FormatNames kNames{"failure-log", known, known_failure_formats()};
}  // namespace

FailureSpec parse_failure_spec(const std::string& text) {
  FailureSpec spec;
  if (split_format_suffix(text, kNames, spec.path, spec.format)) return spec;
  if (text.ends_with("fault_trace.json"))
    spec.format = "stepfun";
  else if (text.ends_with("event_trace.tab") || text.ends_with("event_trace.tab.gz"))
    spec.format = "fta";
  else if (text.find("LA-UR-05-7318") != std::string::npos)
    spec.format = "lanl";
  else if (text.ends_with(".failures.csv") || text.ends_with(".failures.csv.gz"))
    spec.format = "native";
  else
    unnamed_format(text, kNames);
  return spec;
}

std::string describe(const FailureLog& log) {
  std::string out = std::to_string(log.counts.lines) +
                    " records: " + std::to_string(log.records.size()) + " failures (" +
                    std::to_string(log.unknown_repair) + " without an end)";
  if (log.ends) out += ", " + std::to_string(log.ends) + " fault ends";
  if (log.counts.comments)
    out += ", " + std::to_string(log.counts.comments) + " header/blank lines";
  out += ", " + std::to_string(log.counts.skipped) + " skipped";
  if (!log.counts.skip_reasons.empty()) {
    out += " (";
    bool first = true;
    for (const auto& [reason, n] : log.counts.skip_reasons) {
      out += (first ? "" : ", ") + reason + ": " + std::to_string(n);
      first = false;
    }
    out += ")";
  }
  char buf[160];
  std::snprintf(buf, sizeof buf, "; %lld nodes with failures of %lld observed, over %.1f d",
                static_cast<long long>(log.distinct_nodes),
                static_cast<long long>(log.sampled_nodes ? log.sampled_nodes : log.distinct_nodes),
                log.span_s / 86400.0);
  return out + buf;
}

FailureLog read_failure_log(const FailureSpec& spec, BadRows bad_rows) {
  const Format* format = find_format(spec.format);
  if (!format) unknown_format(spec.path, kNames, spec.format);
  FailureLog log;
  log.path = spec.path;
  log.format = spec.format;
  format->read(log, bad_rows);
  // A log without a failure would silently replay a fleet that never fails.
  if (log.records.empty()) {
    const std::int64_t n = log.counts.lines;
    const std::string unit = std::string(format->json ? " record" : " line") + (n == 1 ? "" : "s");
    throw TraceError(field_message(
        format->json ? at_record(log.path, n + 1) : at_line(log.path, n + 1),
        {format->key_field, "no failure in the log (" + std::to_string(n) + unit + " read, " +
                                std::to_string(log.counts.skipped) + " skipped)"}));
  }
  map_components(log.format, log.records);
  std::stable_sort(
      log.records.begin(), log.records.end(),
      [](const FailureRecord& a, const FailureRecord& b) { return a.time_s < b.time_s; });
  std::set<std::string> nodes;
  for (const auto& r : log.records) {
    nodes.insert(r.node);
    log.unknown_repair += r.repair_s < 0;
    log.span_s = std::max(log.span_s, r.time_s + std::max(0.0, r.repair_s));
  }
  log.distinct_nodes = static_cast<std::int64_t>(nodes.size());
  return log;
}

}  // namespace fleetsim::traces
