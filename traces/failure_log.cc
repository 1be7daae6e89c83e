#include "traces/failure_log.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace fleetsim::traces {

const char* known_failure_formats() { return "stepfun, native, lanl, fta"; }

namespace {
bool known(const std::string& f) {
  return f == "stepfun" || f == "native" || f == "lanl" || f == "fta";
}
}  // namespace

FailureSpec parse_failure_spec(const std::string& text) {
  FailureSpec spec{text, ""};
  const auto colon = text.rfind(':');
  if (colon != std::string::npos && colon + 1 < text.size() &&
      text.find('/', colon) == std::string::npos) {
    const std::string suffix = text.substr(colon + 1);
    if (!known(suffix))
      throw TraceError(text + ": unknown failure-log format '" + suffix +
                       "' (known: " + known_failure_formats() + ")");
    spec.path = text.substr(0, colon);
    spec.format = suffix;
    return spec;
  }
  if (text.ends_with("fault_trace.json")) {
    spec.format = "stepfun";
    return spec;
  }
  if (text.ends_with("event_trace.tab")) {
    spec.format = "fta";
    return spec;
  }
  if (text.find("LA-UR-05-7318") != std::string::npos) {
    spec.format = "lanl";
    return spec;
  }
  if (text.ends_with(".failures.csv")) {
    spec.format = "native";
    return spec;
  }
  throw TraceError(text +
                   ": cannot tell the failure-log format from the name; write FILE:FORMAT (" +
                   known_failure_formats() + ")");
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
  FailureLog log;
  log.path = spec.path;
  log.format = spec.format;
  if (spec.format == "stepfun")
    read_stepfun(log, bad_rows);
  else if (spec.format == "native")
    read_native_failures(log, bad_rows);
  else if (spec.format == "lanl")
    read_lanl(log, bad_rows);
  else if (spec.format == "fta")
    read_fta(log, bad_rows);
  else
    throw TraceError(spec.path + ": unknown failure-log format '" + spec.format +
                     "' (known: " + known_failure_formats() + ")");
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
