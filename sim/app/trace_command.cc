#include "sim/app/trace_command.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include "sim/app/validate_command.h"
#include "sim/io/output_checks.h"
#include "sim/io/scenario.h"
#include "traces/component_map.h"
#include "traces/failure_log.h"
#include "traces/normalized_trace.h"
#include "traces/trace_stats.h"

namespace po = boost::program_options;

namespace fleetsim::app {

namespace {

void usage(std::ostream& out, const po::options_description& desc) {
  out << "usage: fleetsim trace stats FILE[:FORMAT] [options]\n"
         "       fleetsim trace convert FILE[:FORMAT] OUT.fleetsim.csv[.gz] [options]\n"
         "       fleetsim trace failures LOG[:FORMAT] [--bad-rows skip]   (failure-log figures)\n"
         "       fleetsim trace validate FILE[:FORMAT] [--sched easy|fifo] ... (--help)\n"
         "Reads the whole trace and prints the figures of the published trace summaries\n"
         "(job count, span, run and queue times, devices per job, outcome shares).\n"
         "Formats: "
      << traces::known_trace_formats() << " (plain or .gz)\n"
      << desc << "\n";
}

// `trace convert`: OUT is checked before the trace is read; a failure to write it is a
// run-time failure (exit 1), not bad input.
int convert(const traces::TraceSpec& spec, const std::string& out, const io::Scenario& s,
            bool force) {
  io::check_output_file(out, "OUT", io::OutputKind::kNormalizedTrace, {force, {spec.path}});
  auto reader = traces::open_trace(spec, s.trace.read);
  std::int64_t rows = 0;
  try {
    rows = traces::write_normalized(*reader, spec.path, out);
  } catch (const traces::TraceError& e) {
    // The reader's errors name the trace; the writer's name OUT (traces/normalized_trace.cc).
    if (!std::string(e.what()).starts_with(out + ":")) throw;
    std::error_code ignored;
    std::filesystem::remove(out + ".partial", ignored);
    throw io::OutputError(e.what());
  }
  std::cout << "converted " << spec.path << " (" << reader->format()
            << "): " << reader->counts().describe() << "\n-> " << out << ": " << rows << " jobs\n";
  return 0;
}

}  // namespace

int trace_command(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "validate") return validate_command(argc - 1, argv + 1);
  po::options_description desc("Options");
  desc.add_options()("help,h", "print this help")(
      "bad-rows", po::value<std::string>()->default_value("error"),
      "malformed rows: error (stop at the first) or skip (count and report)")(
      "unusable", po::value<std::string>()->default_value("skip"),
      "rows with unknown submit/run time or no devices: skip (counted) or error")(
      "swf-procs", po::value<std::string>()->default_value("allocated"),
      "SWF job size from: allocated, requested")("swf-tenant",
                                                 po::value<std::string>()->default_value("user"),
                                                 "SWF tenant field: user, group, queue, partition")(
      "force", "convert: replace an existing OUT even if it is not a normalized trace");
  po::options_description hidden;
  hidden.add_options()("sub", po::value<std::string>())("file", po::value<std::string>())(
      "out", po::value<std::string>());
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description pos;
  pos.add("sub", 1).add("file", 1).add("out", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
  } catch (const po::error& e) {
    throw io::ConfigError(std::string("command line: ") + e.what());
  }
  if (vm.count("help") || !vm.count("sub")) {
    usage(vm.count("help") ? std::cout : std::cerr, desc);
    return vm.count("help") ? 0 : 2;
  }
  const std::string sub = vm["sub"].as<std::string>();
  if (sub != "stats" && sub != "convert" && sub != "failures")
    throw io::ConfigError("command line: unknown trace command '" + sub +
                          "' (stats, convert, validate, failures)");
  if (sub == "convert" && !vm.count("out"))
    throw io::ConfigError("command line: trace convert: OUT missing (e.g. x.fleetsim.csv.gz)");
  if (sub != "convert" && vm.count("out"))
    throw io::ConfigError("command line: trace " + sub + ": unexpected argument '" +
                          vm["out"].as<std::string>() + "'");
  if (!vm.count("file")) throw io::ConfigError("command line: trace " + sub + ": FILE missing");

  // The same option names and values as the scenario's trace.* options.
  io::Scenario s;
  io::apply_option(s, "trace.bad_rows", vm["bad-rows"].as<std::string>(),
                   "command line --bad-rows");
  io::apply_option(s, "trace.unusable", vm["unusable"].as<std::string>(),
                   "command line --unusable");
  io::apply_option(s, "trace.swf_procs", vm["swf-procs"].as<std::string>(),
                   "command line --swf-procs");
  io::apply_option(s, "trace.swf_tenant", vm["swf-tenant"].as<std::string>(),
                   "command line --swf-tenant");
  if (sub == "failures") {
    const auto log = traces::read_failure_log(
        traces::parse_failure_spec(vm["file"].as<std::string>()), s.trace.read.bad_rows);
    std::cout << format_failure_stats(log);
    return 0;
  }
  const auto spec = traces::parse_trace_spec(vm["file"].as<std::string>());
  if (sub == "convert") return convert(spec, vm["out"].as<std::string>(), s, vm.count("force") > 0);
  const auto stats = traces::trace_stats(spec, s.trace.read);
  std::cout << traces::format_stats(stats);
  return 0;
}

std::string format_failure_stats(const traces::FailureLog& log) {
  std::string out;
  char buf[512];
  auto line = [&](const char* name, const std::string& value) {
    std::snprintf(buf, sizeof buf, "%-26s %s\n", name, value.c_str());
    out += buf;
  };
  auto num = [&](const char* fmt, double v) {
    std::snprintf(buf, sizeof buf, fmt, v);
    return std::string(buf);
  };
  line("file", log.path + " (" + log.format + ")");
  line("read", traces::describe(log));
  for (const auto& m : log.counts.first_skips) line("  skipped", m);
  line("failures", std::to_string(log.records.size()));
  const std::int64_t observed = log.sampled_nodes ? log.sampled_nodes : log.distinct_nodes;
  line("nodes_observed",
       std::to_string(observed) + "  (" + std::to_string(log.distinct_nodes) + " with failures)");
  line("span_days", num("%.3f", log.span_s / 86400.0));
  const double node_days = static_cast<double>(observed) * log.span_s / 86400.0;
  line("rate_per_1000_node_days",
       num("%.4g",
           node_days > 0 ? 1000.0 * static_cast<double>(log.records.size()) / node_days : 0));
  std::vector<double> h;
  for (const auto& r : log.records)
    if (r.repair_s >= 0) h.push_back(r.repair_s / 3600);
  std::sort(h.begin(), h.end());
  if (!h.empty()) {
    double sum = 0;
    for (double x : h) sum += x;
    const std::size_t n = h.size();
    line("repair_mean_h", num("%.3f", sum / static_cast<double>(n)));
    line("repair_median_h", num("%.3f", n % 2 ? h[n / 2] : (h[n / 2 - 1] + h[n / 2]) / 2));
    line("repair_max_h", num("%.3f", h.back()));
  }
  line("repair_unknown", std::to_string(log.unknown_repair));
  // The commonest components and causes, most frequent first (ties by name).
  for (const auto& [title, field] : {std::pair<const char*, std::string traces::FailureRecord::*>{
                                         "component", &traces::FailureRecord::component},
                                     {"cause", &traces::FailureRecord::cause}}) {
    std::map<std::string, std::int64_t> counts;
    for (const auto& r : log.records) ++counts[r.*field];
    std::vector<std::pair<std::int64_t, std::string>> by;
    for (const auto& [k, v] : counts) by.emplace_back(-v, k);
    std::sort(by.begin(), by.end());
    for (std::size_t i = 0; i < by.size() && i < 8; ++i)
      line(title, num("%6.0f  ", static_cast<double>(-by[i].first)) +
                      (by[i].second.empty() ? "(none)" : by[i].second));
  }
  // The fleet's component kinds they map onto (traces/component_map.h), most frequent first,
  // then the values no rule maps (replayed as `other`), most frequent first.
  const auto mix = traces::component_mix(log.format, log.records);
  std::vector<std::pair<std::int64_t, int>> kinds;
  for (int k = 0; k < core::kComponentKinds; ++k)
    if (mix.kinds[static_cast<std::size_t>(k)]) kinds.emplace_back(-mix.kinds[k], k);
  std::sort(kinds.begin(), kinds.end());
  const double total = static_cast<double>(log.records.size());
  for (const auto& [n, k] : kinds) {
    char kind[96];  // not buf: line() writes there
    std::snprintf(kind, sizeof kind, "%6lld  %-12s %5.1f%%", static_cast<long long>(-n),
                  std::string(core::kComponentNames[static_cast<std::size_t>(k)]).c_str(),
                  100.0 * static_cast<double>(-n) / total);
    line("kind", kind);
  }
  line("unmapped", std::to_string(mix.unmapped) + " of " + std::to_string(log.records.size()) +
                       " (replayed as other)");
  constexpr std::size_t kShown = 10;
  std::int64_t rest = 0;
  for (std::size_t i = 0; i < mix.unmapped_values.size(); ++i) {
    const auto& [value, n] = mix.unmapped_values[i];
    if (i < kShown)
      line("  unmapped_value", num("%6.0f  ", static_cast<double>(n)) + value);
    else
      rest += n;
  }
  if (mix.unmapped_values.size() > kShown)
    line("  unmapped_value", "... " + std::to_string(mix.unmapped_values.size() - kShown) +
                                 " more (" + std::to_string(rest) + " failures)");
  return out;
}

traces::TraceScan scan_for_replay(const traces::TraceConfig& cfg, std::int64_t fleet_gpus,
                                  std::vector<double>* recorded_waits) {
  traces::TraceScan scan = traces::scan_trace(cfg, fleet_gpus, recorded_waits);
  if (scan.jobs == 0)
    throw traces::TraceError(cfg.file + ": no job to replay (" + scan.counts.describe() +
                             (scan.outside_window ? ", all outside trace.window_*" : "") + ")");
  return scan;
}

std::string describe_replay(const traces::TraceConfig& cfg, const traces::TraceScan& scan,
                            std::int64_t fleet_gpus, engine::Time duration) {
  char buf[512];
  std::string out;
  if (scan.parts.empty()) {
    std::snprintf(buf, sizeof buf, "          trace: %s (%s): %s\n", cfg.file.c_str(),
                  scan.format.c_str(), scan.counts.describe().c_str());
    out += buf;
  }
  for (std::size_t k = 0; k < scan.parts.size(); ++k) {
    const auto& p = scan.parts[k];
    std::snprintf(buf, sizeof buf, "          tenant %zu: %s (%s): %s; %lld jobs replayed\n", k,
                  p.file.c_str(), p.format.c_str(), p.counts.describe().c_str(),
                  static_cast<long long>(p.jobs));
    out += buf;
  }
  const double span = scan.last_submit_s - scan.first_submit_s;
  std::snprintf(buf, sizeof buf,
                "          replay: %lld jobs (not replayed: %lld outside the window, %lld never "
                "started, %lld without GPUs, %lld zero run times; %lld submitted late), up to "
                "%lld GPUs at %g "
                "devices/GPU x %g; recorded load %.3f on %lld GPUs over %.1f d of arrivals\n",
                static_cast<long long>(scan.jobs), static_cast<long long>(scan.outside_window),
                static_cast<long long>(scan.never_started), static_cast<long long>(scan.no_devices),
                static_cast<long long>(scan.zero_runtime), static_cast<long long>(scan.late),
                static_cast<long long>(scan.max_gpus), cfg.devices_per_gpu, cfg.size_scale,
                scan.recorded_load, static_cast<long long>(fleet_gpus), span / 86400.0);
  out += buf;
  if (cfg.offered_load > 0) {
    std::snprintf(buf, sizeof buf,
                  "          load scaling: inter-arrival times x %.4g -> offered load %.3f, "
                  "arrivals over %.1f d\n",
                  scan.time_scale, cfg.offered_load, span * scan.time_scale / 86400.0);
    out += buf;
  }
  const double replayed_span = span * scan.time_scale;
  if (replayed_span >= engine::to_seconds(duration)) {
    std::snprintf(buf, sizeof buf,
                  "          note: arrivals span %.1f d but the run is %.1f d: only jobs submitted "
                  "before its end are replayed (set duration)\n",
                  replayed_span / 86400.0, engine::to_days(duration));
    out += buf;
  }
  return out;
}

}  // namespace fleetsim::app
