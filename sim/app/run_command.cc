#include "sim/app/run_command.h"

#include <mpi.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>

#include "partitions/partitioners.h"
#include "sim/app/failure_replay.h"
#include "sim/app/layout_groups.h"
#include "sim/app/memory_check.h"
#include "sim/app/run_stats.h"
#include "sim/app/simulate.h"
#include "sim/app/trace_command.h"
#include "sim/app/usage.h"
#include "sim/app/world.h"
#include "sim/engine/snapshot.h"
#include "sim/io/output_checks.h"
#include "sim/io/summary.h"
#include "sim/io/units.h"
#include "traces/synthetic.h"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace fleetsim::app {
namespace {

po::options_description describe(const std::string& command, const io::Scenario& defaults) {
  po::options_description general("General options");
  general.add_options()("help,h", "print this help and exit")("version",
                                                              "print the version and exit")(
      "config,c", po::value<std::string>(), "INI scenario file (sections as in the option names)")(
      "out,o", po::value<std::string>(),
      command == "compare" ? "output directory (default: fleetsim-compare)"
                           : "output HDF5 file (default: fleetsim-LAYOUT.h5)")(
      "force", "replace an existing output file even if it is not an HDF5 file (never an input)")(
      "max-memory", po::value<std::string>(),
      "refuse a run whose memory estimate exceeds this (e.g. 16GiB; default: the physical "
      "memory of the machines the ranks are on; 0: no limit)")(
      "threads", po::value<int>()->default_value(1), "TBB threads per rank (results unchanged)")(
      "partitioner", po::value<std::string>()->default_value("block"),
      "LP-to-rank partitioner: block, round-robin, metis (results unchanged)")(
      "quiet,q", "print only the results table")(
      "critical-path", po::value<std::string>()->default_value("off"),
      "record the run's critical path and print the bound on speed-up: off, events (cost 1 per "
      "event) or time (measured handler time); results unchanged, not written")(
      "bad-rows", po::value<std::string>(), "malformed trace rows: error, skip (= trace.bad_rows)");
  if (command == "compare")
    general.add_options()(
        "layouts-at-once", po::value<int>()->default_value(0),
        "run this many layouts at once, each on its own group of the ranks (layout i on group i "
        "mod N); 0: as many as there are ranks and layouts; 1: one after another on all ranks "
        "(results unchanged)");
  po::options_description snapshots(
      "Snapshots and resume (fleetsim run; docs/snapshots.md; results unchanged)");
  if (command == "run")
    snapshots.add_options()("snapshot-every", po::value<std::string>(),
                            "write a snapshot of the whole simulation every SPAN of simulated time "
                            "(e.g. 30d), at the first window boundary after each multiple")(
        "snapshot-dir", po::value<std::string>(),
        "directory of the snapshots (created; default: the output file's name + .snapshots)")(
        "snapshot-keep", po::value<int>()->default_value(2), "how many of the newest to keep")(
        "resume", po::value<std::string>(),
        "continue the run of this snapshot (or of the newest snapshot in this directory): its "
        "scenario is the snapshot's, any rank or thread count; scenario options that differ "
        "are refused");
  po::options_description scenario("Scenario options (config file keys; section.key)");
  for (const auto& o : io::scenario_options())
    scenario.add_options()(o.name.c_str(), po::value<std::string>(),
                           (o.help + " [" + o.get(defaults) + "]").c_str());
  po::options_description all;
  all.add(general);
  if (command == "run") all.add(snapshots);
  all.add(scenario);
  return all;
}

po::variables_map parse(int argc, char** argv, const po::options_description& desc) {
  // Every argument belongs to an option: a stray word is a mistake, not something to ignore.
  po::options_description hidden;
  hidden.add_options()("stray", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description pos;
  pos.add("stray", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
  } catch (const po::error& e) {
    throw io::ConfigError(std::string("command line: ") + e.what());
  }
  if (vm.count("stray"))
    throw io::ConfigError("command line: unexpected argument '" +
                          vm["stray"].as<std::vector<std::string>>().front() +
                          "' (options are --name value)");
  return vm;
}

io::Scenario build_scenario(const po::variables_map& vm, const io::Scenario& defaults) {
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
  return scenario;
}

RunOptions run_options(const po::variables_map& vm) {
  RunOptions opts;
  opts.threads = vm["threads"].as<int>();
  opts.partitioner = vm["partitioner"].as<std::string>();
  opts.quiet = vm.count("quiet") > 0;
  try {
    opts.critical_path = engine::parse_critical_path(vm["critical-path"].as<std::string>());
  } catch (const std::invalid_argument& e) {
    throw io::ConfigError(std::string("command line --critical-path: ") + e.what());
  }
  if (opts.threads < 1 || opts.threads > 1024)
    throw io::ConfigError("command line --threads: must be in 1..1024");
  try {
    partitions::make_partitioner(opts.partitioner);
  } catch (const std::invalid_argument& e) {
    throw io::ConfigError(std::string("command line --partitioner: ") + e.what());
  }
  return opts;
}

// Every file the run reads: none may be overwritten by its output.
std::vector<std::string> input_files(const po::variables_map& vm, const io::Scenario& s,
                                     const std::vector<model::ModelConfig>& configs) {
  std::vector<std::string> inputs;
  if (vm.count("config")) inputs.push_back(vm["config"].as<std::string>());
  if (s.trace.replay)
    for (const auto& f : traces::trace_files(s.trace))
      inputs.push_back(traces::parse_trace_spec(f).path);
  if (!s.failure_log.file.empty())
    inputs.push_back(traces::parse_failure_spec(s.failure_log.file).path);
  for (const auto& cfg : configs)
    if (!cfg.layout.source.ends_with("(embedded)")) inputs.push_back(cfg.layout.source);
  return inputs;
}

// Runs `check` on rank 0 alone (file system probes, once) and throws its ConfigError on every
// rank, so that all ranks stop together.
void on_root_for_all(const std::function<void()>& check) {
  std::string error;
  if (world_rank() == 0) {
    try {
      check();
    } catch (const io::ConfigError& e) {
      error = e.what();
    }
  }
  int length = static_cast<int>(error.size());
  MPI_Bcast(&length, 1, MPI_INT, 0, MPI_COMM_WORLD);
  error.resize(static_cast<std::size_t>(length));
  MPI_Bcast(error.data(), length, MPI_CHAR, 0, MPI_COMM_WORLD);
  if (length > 0) throw io::ConfigError(error);
}

// The snapshot named by --resume (a file, or a directory: its newest snapshot), read and checked
// on rank 0; any fault in it is one ConfigError naming the file.
engine::Snapshot resume_snapshot(const po::variables_map& vm) {
  std::string path = vm["resume"].as<std::string>();
  std::string error;
  if (world_rank() == 0 && fs::is_directory(path)) {
    const std::string latest = engine::latest_snapshot(path);
    if (latest.empty()) error = "--resume '" + path + "': the directory holds no snapshot";
    path = latest;
  }
  on_root_for_all([&] {
    if (!error.empty()) throw io::ConfigError(error);
  });
  int length = static_cast<int>(path.size());
  MPI_Bcast(&length, 1, MPI_INT, 0, MPI_COMM_WORLD);
  path.resize(static_cast<std::size_t>(length));
  MPI_Bcast(path.data(), length, MPI_CHAR, 0, MPI_COMM_WORLD);
  try {
    return engine::read_snapshot(path, MPI_COMM_WORLD);
  } catch (const engine::SnapshotError& e) {
    throw io::ConfigError(e.what());
  }
}

// A resumed run's scenario is the snapshot's. An option or config file given with --resume may
// only repeat it: one that would change anything is refused.
io::Scenario scenario_from_snapshot(const po::variables_map& vm, const io::Scenario& defaults,
                                    const engine::Snapshot& snap) {
  io::Scenario scenario = defaults;
  try {
    io::apply(scenario, io::parse_ini(snap.header.meta, snap.path), snap.path);
  } catch (const std::exception& e) {
    throw io::ConfigError(snap.path + ": the snapshot's scenario does not load here (" + e.what() +
                          ")");
  }
  const std::string resolved = io::resolved_text(scenario);
  const auto check = [&](const std::string& what, const std::function<void(io::Scenario&)>& set) {
    io::Scenario changed = scenario;
    try {
      set(changed);
    } catch (const std::invalid_argument& e) {
      throw io::ConfigError(e.what());
    }
    if (io::resolved_text(changed) != resolved)
      throw io::ConfigError(what + " conflicts with the snapshot " + snap.path +
                            ": a resume runs the snapshot's scenario unchanged");
  };
  if (vm.count("config")) {
    const std::string path = vm["config"].as<std::string>();
    check("--config " + path,
          [&](io::Scenario& s) { io::apply(s, io::read_ini_file(path), path); });
  }
  for (const auto& o : io::scenario_options())
    if (vm.count(o.name)) {
      const std::string value = vm[o.name].as<std::string>();
      check("command line --" + o.name + " " + value, [&](io::Scenario& s) {
        io::apply_option(s, o.name, value, "command line --" + o.name);
      });
    }
  if (vm.count("bad-rows"))
    check("command line --bad-rows", [&](io::Scenario& s) {
      io::apply_option(s, "trace.bad_rows", vm["bad-rows"].as<std::string>(),
                       "command line --bad-rows");
    });
  return scenario;
}

// --snapshot-every and --snapshot-dir; the directory is created on rank 0.
engine::SnapshotPolicy snapshot_policy(const po::variables_map& vm, const std::string& out) {
  engine::SnapshotPolicy policy;
  if (!vm.count("snapshot-every")) {
    if (vm.count("snapshot-dir"))
      throw io::ConfigError("command line --snapshot-dir: needs --snapshot-every");
    return policy;
  }
  const std::string every = vm["snapshot-every"].as<std::string>();
  try {
    policy.every = io::parse_duration(every);
  } catch (const std::exception& e) {
    throw io::ConfigError("command line --snapshot-every: " + std::string(e.what()));
  }
  if (policy.every <= 0)
    throw io::ConfigError("command line --snapshot-every: must be a positive duration");
  policy.keep = vm["snapshot-keep"].as<int>();
  if (policy.keep < 1) throw io::ConfigError("command line --snapshot-keep: must be at least 1");
  policy.dir = vm.count("snapshot-dir") ? vm["snapshot-dir"].as<std::string>() : out + ".snapshots";
  on_root_for_all([&] {
    std::error_code ec;
    fs::create_directories(policy.dir, ec);
    if (!fs::is_directory(policy.dir))
      throw io::ConfigError("--snapshot-dir '" + policy.dir + "': cannot create the directory" +
                            (ec ? " (" + ec.message() + ")" : std::string()));
  });
  return policy;
}

std::string layout_file_name(const model::Layout& layout) {
  std::string name = layout.name;
  for (char& c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')) c = '_';
  return name + ".h5";
}

// The output file of each config, every one checked before anything is simulated; a compare's
// directory is created only once everything else has been checked (make_output_dirs).
std::vector<std::string> plan_outputs(bool is_compare, const po::variables_map& vm,
                                      const std::vector<model::ModelConfig>& configs,
                                      const io::OutputRules& rules) {
  std::vector<std::string> outputs;
  if (is_compare) {
    const fs::path dir = vm.count("out") ? vm["out"].as<std::string>() : "fleetsim-compare";
    for (const auto& cfg : configs)
      outputs.push_back((dir / layout_file_name(cfg.layout)).string());
    on_root_for_all([&] {
      io::check_output_dir(dir.string(), "--out");
      if (fs::is_directory(dir))
        for (const auto& out : outputs)
          io::check_output_file(out, "--out", io::OutputKind::kHdf5, rules);
    });
  } else {
    const std::string out = vm.count("out")
                                ? vm["out"].as<std::string>()
                                : "fleetsim-" + layout_file_name(configs.front().layout);
    outputs.push_back(out);
    on_root_for_all([&] { io::check_output_file(out, "--out", io::OutputKind::kHdf5, rules); });
  }
  return outputs;
}

// `where`: which group of ranks runs it when a compare runs layouts at once ("" otherwise).
void banner(std::FILE* to, const io::Scenario& s, const model::ModelConfig& cfg, int ranks,
            const RunOptions& o, const std::string& where) {
  if (o.quiet) return;
  std::fprintf(to,
               "fleetsim: layout %s (%s): %zu cluster(s), %lld GPUs, %s simulated, seed %llu, "
               "%d rank(s) x %d thread(s)%s\n",
               cfg.layout.name.c_str(), cfg.layout.description.c_str(),
               cfg.layout.cluster_pods.size(), static_cast<long long>(cfg.fabric.total_gpus()),
               io::format_duration(cfg.end_time).c_str(), static_cast<unsigned long long>(cfg.seed),
               ranks, o.threads, where.c_str());
  if (o.failures) std::fprintf(to, "%s", describe_failures(s, *o.failure_replay, cfg).c_str());
  if (o.trace_scan) {
    std::fprintf(
        to, "%s",
        describe_replay(s.trace, *o.trace_scan, cfg.fabric.total_gpus(), cfg.end_time).c_str());
  } else {
    const auto rates = traces::synthetic_rates(s.workload, cfg.fabric.total_gpus());
    std::fprintf(
        to,
        "          workload: %.0f regular jobs/day + %.3g frontier runs/year, offered load %.2f\n",
        rates.regular_jobs_per_day, s.workload.frontier_per_year, s.workload.offered_load);
  }
  std::fflush(to);
}

// What main() makes of an error that ends a layout's run (sim/app/layout_groups.h).
template <class F>
bool run_or_keep_error(F&& run, LayoutError& error) {
  try {
    run();
    return true;
  } catch (const traces::TraceError& e) {
    error = {1, e.what()};
  } catch (const io::ConfigError& e) {
    error = {2, e.what()};
  } catch (const io::OutputError& e) {
    error = {3, e.what()};
  }
  return false;
}

}  // namespace

int run_command(const std::string& command, int argc, char** argv) {
  const bool is_compare = command == "compare";
  const io::Scenario defaults = io::default_scenario();
  const auto desc = describe(command, defaults);
  const po::variables_map vm = parse(argc, argv, desc);
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
  // A resume reads its scenario from the snapshot (sim/engine/snapshot.h).
  std::optional<engine::Snapshot> snapshot;
  if (!is_compare && vm.count("resume")) snapshot = resume_snapshot(vm);
  io::Scenario scenario =
      snapshot ? scenario_from_snapshot(vm, defaults, *snapshot) : build_scenario(vm, defaults);
  RunOptions opts = run_options(vm);
  opts.resume = snapshot ? &*snapshot : nullptr;

  // Resolve and check every layout before simulating anything.
  const std::vector<std::string> layouts =
      is_compare ? scenario.layouts
                 : std::vector<std::string>{scenario.layout.empty() ? scenario.layouts.front()
                                                                    : scenario.layout};
  std::vector<io::Scenario> runs;  // each layout's scenario: its file may set options
  std::vector<model::ModelConfig> configs;
  for (const auto& name : layouts) {
    runs.push_back(io::scenario_for(scenario, name));
    configs.push_back(io::model_for(runs.back(), name));
  }

  // Where the results go, checked before the (possibly long) trace reading and simulation.
  io::OutputRules rules;
  rules.force = vm.count("force") > 0;
  rules.inputs = input_files(vm, scenario, configs);
  if (snapshot) rules.inputs.push_back(snapshot->path);
  const std::vector<std::string> outputs = plan_outputs(is_compare, vm, configs, rules);
  if (!is_compare) opts.snapshots = snapshot_policy(vm, outputs.front());

  // A trace is read through once, every row checked, before anything is simulated or written.
  traces::TraceScan trace_scan;
  if (scenario.trace.replay) {
    trace_scan = scan_for_replay(scenario.trace, configs.front().fabric.total_gpus());
    opts.trace_scan = &trace_scan;
  }
  // So is a failure log, mapped onto the fabric's nodes (the same for every layout).
  FailureReplay failure_replay;
  if (!scenario.failure_log.file.empty()) {
    failure_replay = prepare_failures(scenario, configs.front());
    opts.failures = &failure_replay.script;
    opts.failure_replay = &failure_replay;
  }
  // A compare's layouts may run at once, each on a group of the ranks (sim/app/layout_groups.h).
  const int at_once = is_compare ? vm["layouts-at-once"].as<int>() : 1;
  if (at_once < 0)
    throw io::ConfigError(
        "command line --layouts-at-once: must be 0 (as many as ranks and layouts) or more");
  const LayoutGroups groups(at_once, configs.size());
  const MemoryLimit limit = memory_limit(
      vm.count("max-memory") ? vm["max-memory"].as<std::string>() : std::string(), MPI_COMM_WORLD);
  // Checked alike on every rank (one verdict for all): with the ranks of the smallest group,
  // whose ranks each hold the most.
  const int fewest_ranks = world_size() / groups.groups();
  for (const auto& cfg : configs)
    check_memory(scenario, cfg, scenario.trace.replay ? trace_scan.jobs : -1, fewest_ranks, limit);
  if (is_compare)
    on_root_for_all(
        [&] { io::make_output_dir(fs::path(outputs.front()).parent_path().string(), "--out"); });

  if (world_rank() == 0 && opts.failure_replay)
    if (const auto note = unmapped_note(scenario, failure_replay); !note.empty())
      std::fprintf(stderr, "%s\n", note.c_str());
  // World rank 0 prints its group's banners and statistics as its runs go; the other groups'
  // leaders keep theirs for the end, where they follow in group order (lines of several
  // processes would interleave). Only world rank 0 shows a progress line.
  char* kept = nullptr;
  std::size_t kept_size = 0;
  std::FILE* to = stdout;
  if (groups.leader() && world_rank() != 0) to = open_memstream(&kept, &kept_size);
  if (!to) throw std::runtime_error("cannot buffer the run statistics (open_memstream)");
  opts.progress = world_rank() == 0;
  if (world_rank() == 0 && groups.groups() > 1 && !opts.quiet) {
    std::printf("fleetsim: %d layouts at once, on %d%s rank(s) each; layout i on group i mod %d\n",
                groups.groups(), fewest_ranks, world_size() % groups.groups() ? " or more" : "",
                groups.groups());
  }
  std::size_t failed = static_cast<std::size_t>(-1);
  LayoutError error;
  for (std::size_t i = 0; i < configs.size() && failed == static_cast<std::size_t>(-1); ++i) {
    if (!groups.runs(i)) continue;
    const io::Scenario& this_run = runs[i];
    if (groups.leader())
      banner(to, this_run, configs[i], groups.ranks(), opts,
             groups.groups() > 1 ? ", group " + std::to_string(groups.group() + 1) + " of " +
                                       std::to_string(groups.groups())
                                 : std::string());
    if (groups.leader() && opts.resume && !opts.quiet)
      std::fprintf(to, "          resuming %s at %s\n", opts.resume->path.c_str(),
                   io::format_duration(opts.resume->header.time).c_str());
    RunResult result;
    auto run = [&] { result = simulate(groups.comm(), this_run, configs[i], opts, outputs[i]); };
    if (groups.groups() == 1) {
      run();  // errors go straight to main(), as every rank has them alike
    } else if (!run_or_keep_error(run, error)) {
      failed = i;
      break;
    }
    if (groups.leader()) {
      if (!opts.quiet) print_run_stats(result, outputs[i], to);
      if (!opts.quiet && result.stats.snapshots > 0)
        std::fprintf(to, "snapshots: %llu written, the newest %s\n",
                     static_cast<unsigned long long>(result.stats.snapshots),
                     result.stats.last_snapshot.c_str());
    }
  }
  if (to != stdout) std::fclose(to);
  const std::string others = kept ? std::string(kept, kept_size) : std::string();
  std::free(kept);
  if (groups.groups() > 1) {
    const std::string texts = gather_texts(others);
    raise_first_error(groups, failed, error);
    if (world_rank() == 0) std::fputs(texts.c_str(), stdout);
  }
  // Every file is written (the groups' last collective above): rank 0 reads their figures.
  std::vector<io::Summary> summaries;
  if (world_rank() == 0)
    for (const auto& out : outputs) summaries.push_back(io::summarize(out));
  if (world_rank() == 0) {
    std::printf("\n%s", io::format_table(summaries).c_str());
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace fleetsim::app
