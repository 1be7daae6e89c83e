#include "sim/app/validate_command.h"

#include <mpi.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "sim/app/memory_check.h"
#include "sim/app/simulate.h"
#include "sim/app/trace_command.h"
#include "sim/io/h5_reader.h"
#include "sim/io/output_checks.h"
#include "sim/io/scenario.h"
#include "sim/io/units.h"

namespace po = boost::program_options;

namespace fleetsim::app {

namespace {

// What `fleetsim trace validate` was asked to do.
struct ValidateArgs {
  std::string file;  // FILE[:FORMAT]
  std::string sched;
  long long machine = 0;  // devices; 0: the trace header's
  int per_node = 1;
  std::string out;
  std::string bad_rows;
  bool force = false;
};

po::options_description validate_options() {
  po::options_description desc("Options");
  desc.add_options()("help,h", "print this help")(
      "sched", po::value<std::string>()->default_value("easy"), "easy (backfilling) or fifo")(
      "machine", po::value<long long>()->default_value(0),
      "devices of the original machine (0: the trace header's, e.g. SWF MaxProcs)")(
      "devices-per-node", po::value<int>()->default_value(1),
      "devices per node of the original machine (jobs of a node or more take whole nodes)")(
      "out", po::value<std::string>()->default_value("fleetsim-validate.h5"),
      "the simulated run's HDF5 file")("bad-rows", po::value<std::string>()->default_value("error"),
                                       "malformed rows: error, skip")(
      "force", "replace an existing --out even if it is not an HDF5 file (never the trace)");
  return desc;
}

// Parses argv (argv[0] is "validate"); empty when --help was printed.
std::optional<ValidateArgs> parse_args(int argc, char** argv) {
  const po::options_description desc = validate_options();
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>());
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description pos;
  pos.add("file", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
  } catch (const po::error& e) {
    throw io::ConfigError(std::string("command line: ") + e.what());
  }
  if (vm.count("help")) {
    std::cout << "usage: fleetsim trace validate FILE[:FORMAT] [options]\n"
                 "Replays the trace on its original machine (one cluster, recorded submit times,\n"
                 "no failures or checkpoints) and prints simulated against recorded queue waits.\n"
              << desc << "\n";
    return std::nullopt;
  }
  if (!vm.count("file")) throw io::ConfigError("command line: trace validate: FILE missing");
  ValidateArgs a;
  a.file = vm["file"].as<std::string>();
  a.sched = vm["sched"].as<std::string>();
  a.machine = vm["machine"].as<long long>();
  a.per_node = vm["devices-per-node"].as<int>();
  a.out = vm["out"].as<std::string>();
  a.bad_rows = vm["bad-rows"].as<std::string>();
  a.force = vm.count("force") > 0;
  if (a.machine < 0)
    throw io::ConfigError("command line --machine: " + std::to_string(a.machine) +
                          " is not a machine size (devices; 0: the trace header's)");
  if (a.sched != "easy" && a.sched != "fifo")
    throw io::ConfigError("command line --sched: '" + a.sched + "' is not one of easy, fifo");
  if (a.per_node < 1 || a.per_node > 64)
    throw io::ConfigError("command line --devices-per-node: must be in 1..64");
  return a;
}

// The original machine's size in devices: --machine, else the trace's header.
double machine_devices(const ValidateArgs& a, const io::Scenario& s) {
  if (a.machine > 0) return static_cast<double>(a.machine);
  auto reader = traces::open_trace(traces::parse_trace_spec(s.trace.file), s.trace.read);
  const double machine = reader->machine_devices();
  if (machine <= 0)
    throw io::ConfigError("command line: " + s.trace.file +
                          " does not say its machine size (SWF MaxProcs); give --machine N");
  return machine;
}

// The scenario of the replay: one cluster of `nodes` x per_node devices, nothing but the trace.
void set_machine(io::Scenario& s, long long nodes, const ValidateArgs& a) {
  io::apply_option(s, "fabric.pods", "1", "validate");
  io::apply_option(s, "fabric.nodes_per_pod", std::to_string(nodes), "validate");
  io::apply_option(s, "fabric.gpus_per_node", std::to_string(a.per_node), "validate");
  // No failures of any kind, planned ones included, and no network: the log's machine as its
  // scheduler saw it (maintenance left on drained ~25k nodes and restarted 6,398 Curie jobs).
  io::apply_option(s, "fabric.network", "none", "validate");
  for (const char* rate : {"failures.node_rate", "failures.maintenance_rate",
                           "failures.rack_power_rate", "failures.wan_rate"})
    io::apply_option(s, rate, "0", "validate");
  io::apply_option(s, "checkpoint.policy", "none", "validate");
  io::apply_option(s, "checkpoint.restart_overhead", "0s", "validate");
  io::apply_option(s, "sched.oversize", "reject", "validate");
  io::apply_option(s, "sched.backfill_depth", a.sched == "fifo" ? "0" : "100", "validate");
  // The named algorithm in submission order, not the default scenario's operator policy.
  io::apply_option(s, "sched.priority", "fifo", "validate");
  io::apply_option(s, "sched.preempt_mode", "off", "validate");
  io::apply_option(s, "sched.frontier_qos", "", "validate");
  io::apply_option(s, "output.timeline_period", "1d", "validate");
}

// Long enough for every job to start: the arrivals plus all the work done one job at a time
// would be the worst case; the arrivals plus a year is plenty for real logs (jobs that never
// started are counted and reported).
void set_duration(io::Scenario& s, const traces::TraceScan& scan) {
  const double span = scan.last_submit_s - scan.first_submit_s;
  io::apply_option(s, "duration",
                   io::format_duration(engine::from_seconds(std::ceil(span) + 365 * 86400.0)),
                   "validate");
}

model::ModelConfig machine_model(const io::Scenario& s) {
  model::ModelConfig cfg = s.model;
  cfg.layout = {"machine", "the trace's machine, one cluster", "fleetsim trace validate", {1}};
  try {
    model::validate(cfg);
  } catch (const std::invalid_argument& e) {
    throw io::ConfigError(e.what());
  }
  return cfg;
}

std::vector<double> read_f64(const std::string& path, const char* name) {
  // Through H5Reader: it refuses a file that is not a complete fleetsim output.
  return io::H5Reader(path).dataset<double>(name);
}

// Recorded and simulated queue waits (s); the paired ones are of the same jobs.
struct Waits {
  std::vector<double> recorded, simulated, rec_pair, sim_pair;
  std::int64_t never = 0;  // jobs the simulation never started
};

// The recorded waits (from the scan, in replay order: job id order) against the simulated ones
// read back from the run's file.
Waits collect_waits(const std::vector<double>& recorded, const std::string& out) {
  const auto submit = read_f64(out, "/jobs/submit_time");
  const auto start = read_f64(out, "/jobs/start_time");
  Waits w;
  for (std::size_t i = 0; i < recorded.size() && i < submit.size(); ++i) {
    const double sim = start[i] >= 0 ? start[i] - submit[i] : -1;
    if (sim < 0) ++w.never;
    if (recorded[i] >= 0) w.recorded.push_back(recorded[i]);
    if (sim >= 0) w.simulated.push_back(sim);
    if (recorded[i] >= 0 && sim >= 0) {
      w.rec_pair.push_back(recorded[i]);
      w.sim_pair.push_back(sim);
    }
  }
  return w;
}

// Pearson correlation of a and b (same length); 0 when either is constant or empty.
double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  if (a.empty()) return 0;
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) ma += a[i], mb += b[i];
  ma /= n;
  mb /= n;
  double cov = 0, va = 0, vb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    cov += (a[i] - ma) * (b[i] - mb);
    va += (a[i] - ma) * (a[i] - ma);
    vb += (b[i] - mb) * (b[i] - mb);
  }
  return va > 0 && vb > 0 ? cov / std::sqrt(va * vb) : 0.0;
}

void print_comparison(Waits& w) {
  const WaitFigures r = wait_figures(w.recorded), m = wait_figures(w.simulated);
  std::printf("\nqueue wait (s)         recorded    simulated\n");
  std::printf("jobs               %12lld %12lld\n", static_cast<long long>(r.jobs),
              static_cast<long long>(m.jobs));
  std::printf("mean               %12.1f %12.1f\n", r.mean, m.mean);
  std::printf("p50                %12.1f %12.1f\n", r.p50, m.p50);
  std::printf("p90                %12.1f %12.1f\n", r.p90, m.p90);
  std::printf("p99                %12.1f %12.1f\n", r.p99, m.p99);
  std::printf("max                %12.1f %12.1f\n", r.max, m.max);
  std::printf("correlation of the %lld paired waits: %.3f\n",
              static_cast<long long>(w.rec_pair.size()), correlation(w.rec_pair, w.sim_pair));
  if (w.never > 0)
    std::printf(
        "%lld job(s) never started in the simulation (rejected as larger than the machine, "
        "or still queued at the end)\n",
        static_cast<long long>(w.never));
}

double nearest_rank(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  const auto k = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size() - 1, k == 0 ? 0 : k - 1)];
}

}  // namespace

WaitFigures wait_figures(std::vector<double>& w) {
  WaitFigures f;
  f.jobs = static_cast<std::int64_t>(w.size());
  if (w.empty()) return f;
  std::sort(w.begin(), w.end());
  double sum = 0;
  for (double x : w) sum += x;
  f.mean = sum / static_cast<double>(w.size());
  f.p50 = nearest_rank(w, 0.5);
  f.p90 = nearest_rank(w, 0.9);
  f.p99 = nearest_rank(w, 0.99);
  f.max = w.back();
  return f;
}

int validate_command(int argc, char** argv) {
  const auto args = parse_args(argc, argv);
  if (!args) return 0;
  io::Scenario s = io::default_scenario();
  io::apply_option(s, "trace", args->file, "command line FILE");
  io::apply_option(s, "trace.bad_rows", args->bad_rows, "command line --bad-rows");
  io::check_output_file(args->out, "--out", io::OutputKind::kHdf5,
                        {args->force, {traces::parse_trace_spec(s.trace.file).path}});
  const auto nodes = static_cast<long long>(std::ceil(machine_devices(*args, s) / args->per_node));
  set_machine(s, nodes, *args);
  const std::int64_t fleet = static_cast<std::int64_t>(nodes) * args->per_node;
  // The recorded waits are kept as the trace is scanned: it is read once more, to replay it,
  // and not a third time to compare.
  std::vector<double> recorded_waits;
  traces::TraceScan scan = scan_for_replay(s.trace, fleet, &recorded_waits);
  set_duration(s, scan);
  const model::ModelConfig cfg = machine_model(s);
  check_memory(s, cfg, scan.jobs, 1, memory_limit({}, MPI_COMM_SELF));

  RunOptions opts;
  opts.quiet = true;
  opts.trace_scan = &scan;
  std::printf("validate: %s on %lld devices (%lld nodes x %d), %s, %lld jobs\n",
              s.trace.file.c_str(), static_cast<long long>(fleet), nodes, args->per_node,
              args->sched.c_str(), static_cast<long long>(scan.jobs));
  std::fflush(stdout);
  simulate(MPI_COMM_SELF, s, cfg, opts, args->out);
  Waits waits = collect_waits(recorded_waits, args->out);
  print_comparison(waits);
  return 0;
}

}  // namespace fleetsim::app
