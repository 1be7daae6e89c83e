// fleetsim: one giant GPU cluster or many smaller ones? Command line.
//
//   fleetsim run     [--config FILE] [--out FILE.h5] [--layout NAME] [--OPTION VALUE ...]
//   fleetsim compare [--config FILE] [--out DIR]                     [--OPTION VALUE ...]
//
// Options come, in rising precedence, from the built-in defaults, the embedded default scenario,
// the config file and the command line. Bad input ends the run with one line on stderr naming the
// file and line or the option, exit status 2, and no output file.
#include <mpi.h>

#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "partitions/partitioners.h"
#include "sim/app/failure_replay.h"
#include "sim/app/simulate.h"
#include "sim/app/trace_command.h"
#include "sim/io/run_output.h"
#include "sim/io/summary.h"
#include "sim/io/units.h"
#include "traces/synthetic.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace fleetsim;

namespace {

constexpr int kExitBadInput = 2;
constexpr int kExitFailure = 1;

struct MpiSession {
  MpiSession(int& argc, char**& argv) { MPI_Init(&argc, &argv); }
  ~MpiSession() { MPI_Finalize(); }
};

int world_rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

po::options_description describe(const std::string& command, const io::Scenario& defaults) {
  po::options_description general("General options");
  general.add_options()("help,h", "print this help and exit")("version",
                                                              "print the version and exit")(
      "config,c", po::value<std::string>(), "INI scenario file (sections as in the option names)")(
      "out,o", po::value<std::string>(),
      command == "compare" ? "output directory (default: fleetsim-compare)"
                           : "output HDF5 file (default: fleetsim-LAYOUT.h5)")(
      "threads", po::value<int>()->default_value(1), "TBB threads per rank (results unchanged)")(
      "partitioner", po::value<std::string>()->default_value("block"),
      "LP-to-rank partitioner: block, round-robin (results unchanged)")(
      "quiet,q", "print only the results table")(
      "bad-rows", po::value<std::string>(), "malformed trace rows: error, skip (= trace.bad_rows)");
  po::options_description scenario("Scenario options (config file keys; section.key)");
  for (const auto& o : io::scenario_options())
    scenario.add_options()(o.name.c_str(), po::value<std::string>(),
                           (o.help + " [" + o.get(defaults) + "]").c_str());
  po::options_description all;
  all.add(general).add(scenario);
  return all;
}

void usage(std::ostream& out) {
  out << "usage: fleetsim run     [--config FILE] [--out FILE.h5] [--layout NAME] [options]\n"
         "       fleetsim compare [--config FILE] [--out DIR] [options]\n"
         "       fleetsim trace stats|convert FILE[:FORMAT] [options]   (fleetsim trace --help)\n"
         "       fleetsim --help | --version\n"
         "Without --config both use the embedded default scenario: a year of synthetic AI\n"
         "workload and node failures on 100,352 GPUs, giant cluster against 10 x 10k.\n"
         "`fleetsim run --help` lists every option with its default.\n";
}

std::string layout_file_name(const model::Layout& layout) {
  std::string name = layout.name;
  for (char& c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) c = '_';
  return name + ".h5";
}

void check_writable_dir(const fs::path& dir, const std::string& option) {
  if (!fs::is_directory(dir.empty() ? fs::path(".") : dir))
    throw io::ConfigError(option + " " + dir.string() + ": directory does not exist");
}

void banner(const io::Scenario& s, const model::ModelConfig& cfg, int ranks,
            const app::RunOptions& o) {
  if (o.quiet) return;
  std::printf(
      "fleetsim: layout %s (%s): %zu cluster(s), %lld GPUs, %s simulated, seed %llu, "
      "%d rank(s) x %d thread(s)\n",
      cfg.layout.name.c_str(), cfg.layout.description.c_str(), cfg.layout.cluster_pods.size(),
      static_cast<long long>(cfg.fabric.total_gpus()), io::format_duration(cfg.end_time).c_str(),
      static_cast<unsigned long long>(cfg.seed), ranks, o.threads);
  if (o.failures) std::printf("%s", app::describe_failures(s, *o.failure_replay, cfg).c_str());
  if (o.trace_scan) {
    std::printf("%s",
                app::describe_replay(s.trace, *o.trace_scan, cfg.fabric.total_gpus(), cfg.end_time)
                    .c_str());
  } else {
    const auto rates = traces::synthetic_rates(s.workload, cfg.fabric.total_gpus());
    std::printf(
        "          workload: %.0f regular jobs/day + %.3g frontier runs/year, offered load %.2f\n",
        rates.regular_jobs_per_day, s.workload.frontier_per_year, s.workload.offered_load);
  }
  std::fflush(stdout);
}

int run_command(const std::string& command, int argc, char** argv) {
  const bool is_compare = command == "compare";
  const io::Scenario defaults = io::default_scenario();
  const auto desc = describe(command, defaults);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
  } catch (const po::error& e) {
    throw io::ConfigError(std::string("command line: ") + e.what());
  }
  if (vm.count("help")) {
    if (world_rank() == 0) {
      usage(std::cout);
      std::cout << desc << "\n";
    }
    return 0;
  }
  if (vm.count("version")) {
    if (world_rank() == 0) std::cout << "fleetsim " << FLEETSIM_VERSION << "\n";
    return 0;
  }

  io::Scenario scenario = defaults;
  if (vm.count("config")) {
    const std::string path = vm["config"].as<std::string>();
    try {
      io::apply(scenario, io::read_ini_file(path), path);
    } catch (const std::invalid_argument& e) {
      throw io::ConfigError(e.what());
    }
  }
  for (const auto& o : io::scenario_options())
    if (vm.count(o.name))
      io::apply_option(scenario, o.name, vm[o.name].as<std::string>(), "command line --" + o.name);

  if (vm.count("bad-rows"))
    io::apply_option(scenario, "trace.bad_rows", vm["bad-rows"].as<std::string>(),
                     "command line --bad-rows");

  app::RunOptions opts;
  opts.threads = vm["threads"].as<int>();
  opts.partitioner = vm["partitioner"].as<std::string>();
  opts.quiet = vm.count("quiet") > 0;
  if (opts.threads < 1 || opts.threads > 1024)
    throw io::ConfigError("command line --threads: must be in 1..1024");
  try {
    partitions::make_partitioner(opts.partitioner);
  } catch (const std::invalid_argument& e) {
    throw io::ConfigError(std::string("command line --partitioner: ") + e.what());
  }

  // Resolve and check every layout before simulating anything.
  std::vector<std::string> layouts =
      is_compare ? scenario.layouts
                 : std::vector<std::string>{scenario.layout.empty() ? scenario.layouts.front()
                                                                    : scenario.layout};
  std::vector<model::ModelConfig> configs;
  for (const auto& name : layouts) configs.push_back(io::model_for(scenario, name));

  // A trace is read through once, every row checked, before anything is simulated or written.
  traces::TraceScan trace_scan;
  if (scenario.trace.replay) {
    trace_scan = app::scan_for_replay(scenario.trace, configs.front().fabric.total_gpus());
    opts.trace_scan = &trace_scan;
  }
  // So is a failure log, mapped onto the fabric's nodes (the same for every layout).
  app::FailureReplay failure_replay;
  if (!scenario.failure_log.file.empty()) {
    failure_replay = app::prepare_failures(scenario, configs.front());
    opts.failures = &failure_replay.script;
    opts.failure_replay = &failure_replay;
  }

  std::vector<std::string> outputs;
  if (is_compare) {
    const fs::path dir = vm.count("out") ? vm["out"].as<std::string>() : "fleetsim-compare";
    if (world_rank() == 0) fs::create_directories(dir);
    MPI_Barrier(MPI_COMM_WORLD);
    for (const auto& cfg : configs)
      outputs.push_back((dir / layout_file_name(cfg.layout)).string());
  } else {
    const fs::path out = vm.count("out")
                             ? fs::path(vm["out"].as<std::string>())
                             : fs::path("fleetsim-" + layout_file_name(configs[0].layout));
    check_writable_dir(out.parent_path(), "--out");
    outputs.push_back(out.string());
  }

  int ranks = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  std::vector<io::Summary> summaries;
  for (std::size_t i = 0; i < configs.size(); ++i) {
    io::Scenario this_run = scenario;
    this_run.layout = layouts[i];
    if (world_rank() == 0) banner(this_run, configs[i], ranks, opts);
    const auto result = app::simulate(MPI_COMM_WORLD, this_run, configs[i], opts, outputs[i]);
    if (world_rank() == 0) {
      if (!opts.quiet)
        std::printf("          %llu events in %llu windows, %.1f s wall (output %.2f s) -> %s\n",
                    static_cast<unsigned long long>(result.stats.events),
                    static_cast<unsigned long long>(result.stats.windows), result.wall_seconds,
                    result.write_seconds, outputs[i].c_str());
      summaries.push_back(io::summarize(outputs[i]));
    }
  }
  if (world_rank() == 0) {
    std::printf("\n%s", io::format_table(summaries).c_str());
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  MpiSession mpi(argc, argv);
  const bool root = world_rank() == 0;
  if (argc < 2) {
    if (root) usage(std::cerr);
    return kExitBadInput;
  }
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    if (root) usage(std::cout);
    return 0;
  }
  if (command == "--version") {
    if (root) std::cout << "fleetsim " << FLEETSIM_VERSION << "\n";
    return 0;
  }
  if (command != "run" && command != "compare" && command != "trace") {
    if (root)
      std::cerr << "fleetsim: error: unknown command '" << command << "' (run, compare, trace)\n";
    return kExitBadInput;
  }
  try {
    if (command == "trace") return root ? app::trace_command(argc - 1, argv + 1) : 0;
    return run_command(command, argc - 1, argv + 1);
  } catch (const traces::TraceError& e) {
    if (root) std::cerr << "fleetsim: error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const io::ConfigError& e) {
    // Every rank reads the same input and fails alike: one line, from rank 0.
    if (root) std::cerr << "fleetsim: error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    // A failure inside the simulation may be on one rank only: say it and take all ranks down.
    std::cerr << "fleetsim: error: " << e.what() << "\n";
    int ranks = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    if (ranks > 1) MPI_Abort(MPI_COMM_WORLD, kExitFailure);
    return kExitFailure;
  }
}
