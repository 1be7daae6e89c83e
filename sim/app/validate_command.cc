#include "sim/app/validate_command.h"

#include <hdf5.h>
#include <mpi.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "sim/app/simulate.h"
#include "sim/app/trace_command.h"
#include "sim/io/scenario.h"
#include "sim/io/units.h"

namespace po = boost::program_options;

namespace fleetsim::app {

namespace {

std::vector<double> read_f64(const std::string& path, const char* name) {
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) throw std::runtime_error(path + ": cannot open as HDF5");
  hid_t ds = H5Dopen2(f, name, H5P_DEFAULT);
  if (ds < 0) {
    H5Fclose(f);
    throw std::runtime_error(path + ": missing dataset " + name);
  }
  hid_t space = H5Dget_space(ds);
  std::vector<double> out(
      static_cast<std::size_t>(std::max<hssize_t>(0, H5Sget_simple_extent_npoints(space))));
  herr_t rc =
      out.empty() ? 0 : H5Dread(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data());
  H5Sclose(space);
  H5Dclose(ds);
  H5Fclose(f);
  if (rc < 0) throw std::runtime_error(path + ": cannot read " + name);
  return out;
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
  po::options_description desc("Options");
  desc.add_options()("help,h", "print this help")(
      "sched", po::value<std::string>()->default_value("easy"), "easy (backfilling) or fifo")(
      "machine", po::value<long long>()->default_value(0),
      "devices of the original machine (0: the trace header's, e.g. SWF MaxProcs)")(
      "devices-per-node", po::value<int>()->default_value(1),
      "devices per node of the original machine (jobs of a node or more take whole nodes)")(
      "out", po::value<std::string>()->default_value("fleetsim-validate.h5"),
      "the simulated run's HDF5 file")("bad-rows", po::value<std::string>()->default_value("error"),
                                       "malformed rows: error, skip");
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>());
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description pos;
  pos.add("file", 1);  // argv[0] is "validate"
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
    return 0;
  }
  if (!vm.count("file")) throw io::ConfigError("command line: trace validate: FILE missing");
  const std::string sched = vm["sched"].as<std::string>();
  if (sched != "easy" && sched != "fifo")
    throw io::ConfigError("command line --sched: '" + sched + "' is not one of easy, fifo");
  const int per_node = vm["devices-per-node"].as<int>();
  if (per_node < 1 || per_node > 64)
    throw io::ConfigError("command line --devices-per-node: must be in 1..64");

  io::Scenario s = io::default_scenario();
  io::apply_option(s, "trace", vm["file"].as<std::string>(), "command line FILE");
  io::apply_option(s, "trace.bad_rows", vm["bad-rows"].as<std::string>(),
                   "command line --bad-rows");
  // The original machine's size: the option, else the trace's header.
  double machine = static_cast<double>(vm["machine"].as<long long>());
  if (machine <= 0) {
    auto reader = traces::open_trace(traces::parse_trace_spec(s.trace.file), s.trace.read);
    machine = reader->machine_devices();
    if (machine <= 0)
      throw io::ConfigError("command line: " + s.trace.file +
                            " does not say its machine size (SWF MaxProcs); give --machine N");
  }
  const auto nodes = static_cast<long long>(std::ceil(machine / per_node));
  io::apply_option(s, "fabric.pods", "1", "validate");
  io::apply_option(s, "fabric.nodes_per_pod", std::to_string(nodes), "validate");
  io::apply_option(s, "fabric.gpus_per_node", std::to_string(per_node), "validate");
  io::apply_option(s, "failures.node_rate", "0", "validate");
  io::apply_option(s, "checkpoint.policy", "none", "validate");
  io::apply_option(s, "checkpoint.restart_overhead", "0s", "validate");
  io::apply_option(s, "sched.oversize", "reject", "validate");
  io::apply_option(s, "sched.backfill_depth", sched == "fifo" ? "0" : "100", "validate");
  io::apply_option(s, "output.timeline_period", "1d", "validate");

  const std::int64_t fleet = static_cast<std::int64_t>(nodes) * per_node;
  traces::TraceScan scan = scan_for_replay(s.trace, fleet);
  // Long enough for every job to start: the arrivals plus all the work done one job at a time
  // would be the worst case; the arrivals plus a year is plenty for real logs (checked below).
  const double span = scan.last_submit_s - scan.first_submit_s;
  io::apply_option(s, "duration",
                   io::format_duration(engine::from_seconds(std::ceil(span) + 365 * 86400.0)),
                   "validate");
  model::ModelConfig cfg = s.model;
  cfg.layout = {"machine", "the trace's machine, one cluster", "fleetsim trace validate", {1}};
  try {
    model::validate(cfg);
  } catch (const std::invalid_argument& e) {
    throw io::ConfigError(e.what());
  }
  RunOptions opts;
  opts.quiet = true;
  opts.trace_scan = &scan;
  const std::string out = vm["out"].as<std::string>();
  std::printf("validate: %s on %lld devices (%lld nodes x %d), %s, %lld jobs\n",
              s.trace.file.c_str(), static_cast<long long>(fleet), nodes, per_node, sched.c_str(),
              static_cast<long long>(scan.jobs));
  std::fflush(stdout);
  simulate(MPI_COMM_SELF, s, cfg, opts, out);

  const auto submit = read_f64(out, "/jobs/submit_time");
  const auto start = read_f64(out, "/jobs/start_time");
  // Recorded waits in replay order: the same rows, in the same order, as the replay's job ids.
  traces::OrderedJobs rows(
      traces::open_trace(traces::parse_trace_spec(s.trace.file), s.trace.read));
  traces::TraceJob row;
  std::vector<double> recorded, simulated, rec_pair, sim_pair;
  std::int64_t id = 0, never = 0;
  while (rows.next(row)) {
    if (!row.started || !(row.devices > 0)) continue;
    const std::size_t i = static_cast<std::size_t>(id++);
    if (i >= submit.size()) break;
    const double sim = start[i] >= 0 ? start[i] - submit[i] : -1;
    if (sim < 0) ++never;
    if (row.wait_s >= 0) recorded.push_back(row.wait_s);
    if (sim >= 0) simulated.push_back(sim);
    if (row.wait_s >= 0 && sim >= 0) {
      rec_pair.push_back(row.wait_s);
      sim_pair.push_back(sim);
    }
  }
  // Correlation of the paired waits (same jobs).
  double mr = 0, ms = 0;
  for (std::size_t i = 0; i < rec_pair.size(); ++i) mr += rec_pair[i], ms += sim_pair[i];
  const double n = static_cast<double>(rec_pair.size());
  double cov = 0, vr = 0, vs = 0;
  if (n > 0) {
    mr /= n;
    ms /= n;
    for (std::size_t i = 0; i < rec_pair.size(); ++i) {
      cov += (rec_pair[i] - mr) * (sim_pair[i] - ms);
      vr += (rec_pair[i] - mr) * (rec_pair[i] - mr);
      vs += (sim_pair[i] - ms) * (sim_pair[i] - ms);
    }
  }
  const WaitFigures r = wait_figures(recorded), m = wait_figures(simulated);
  std::printf("\nqueue wait (s)         recorded    simulated\n");
  std::printf("jobs               %12lld %12lld\n", static_cast<long long>(r.jobs),
              static_cast<long long>(m.jobs));
  std::printf("mean               %12.1f %12.1f\n", r.mean, m.mean);
  std::printf("p50                %12.1f %12.1f\n", r.p50, m.p50);
  std::printf("p90                %12.1f %12.1f\n", r.p90, m.p90);
  std::printf("p99                %12.1f %12.1f\n", r.p99, m.p99);
  std::printf("max                %12.1f %12.1f\n", r.max, m.max);
  std::printf("correlation of the %lld paired waits: %.3f\n", static_cast<long long>(n),
              vr > 0 && vs > 0 ? cov / std::sqrt(vr * vs) : 0.0);
  if (never > 0)
    std::printf(
        "%lld job(s) never started in the simulation (rejected as larger than the machine, "
        "or still queued at the end)\n",
        static_cast<long long>(never));
  return 0;
}

}  // namespace fleetsim::app
