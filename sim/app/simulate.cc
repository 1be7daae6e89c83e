#include "sim/app/simulate.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdio>

#include "partitions/partitioners.h"
#include "sim/app/progress_line.h"
#include "sim/io/errors.h"
#include "sim/io/run_output.h"
#include "sim/io/scenario.h"
#include "sim/model/fleet.h"
#include "sim/model/fleet_graph.h"
#include "traces/synthetic.h"

namespace fleetsim::app {

RunResult simulate(MPI_Comm comm, const io::Scenario& scenario, const model::ModelConfig& cfg,
                   const RunOptions& opts, const std::string& out) {
  const auto t0 = std::chrono::steady_clock::now();
  const traces::SyntheticConfig workload = scenario.workload;
  const std::int64_t fleet_gpus = cfg.fabric.total_gpus();
  const engine::Time end = cfg.end_time;
  const traces::TraceConfig& trace = scenario.trace;
  const traces::TraceScan* scan = opts.trace_scan;
  if (trace.replay && !scan) throw std::logic_error("simulate: trace replay without a scan");
  model::JobSourceFactory make_source =
      [&workload, &trace, scan, fleet_gpus,
       end](engine::Context& ctx) -> std::unique_ptr<traces::JobSource> {
    if (trace.replay) return std::make_unique<traces::TraceJobSource>(trace, *scan, end);
    return std::make_unique<traces::SyntheticWorkload>(workload, fleet_gpus, ctx.seed(), end);
  };
  const model::Fleet fleet(cfg, make_source, opts.failures, opts.extra_lp_types);
  const engine::LpGraph graph =
      opts.partitioner == "metis" ? model::fleet_graph(fleet) : engine::LpGraph{};
  const auto partitioner = partitions::make_partitioner(opts.partitioner, &graph);
  engine::SimulatorOptions sim_opts;
  sim_opts.end_time = cfg.end_time;
  sim_opts.seed = cfg.seed;
  sim_opts.threads = opts.threads;
  sim_opts.critical_path = opts.critical_path;
  sim_opts.snapshots = opts.snapshots;
  sim_opts.snapshots.meta = io::resolved_text(scenario);
  sim_opts.resume = opts.resume;
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  ProgressLine progress(opts.progress && progress_wanted(opts.quiet, rank), cfg.layout.name,
                        cfg.end_time);
  sim_opts.progress = progress.callback();
  engine::Simulator sim(comm, fleet.types(), *partitioner, sim_opts);
  sim.build();

  RunResult result;
  try {
    result.stats = sim.run();
  } catch (const engine::SnapshotWriteError& e) {
    throw io::OutputError(e.what());
  } catch (const engine::SnapshotError& e) {
    throw io::ConfigError(e.what());
  }
  io::RunInfo info;
  info.config_text = io::resolved_text(scenario);
  info.partitioner = opts.partitioner;
  info.threads = opts.threads;
  info.stats = result.stats;
  const auto t_write = std::chrono::steady_clock::now();
  io::write_run(out, sim, fleet, info);
  const auto t_end = std::chrono::steady_clock::now();
  result.wall_seconds = std::chrono::duration<double>(t_end - t0).count();
  result.write_seconds = std::chrono::duration<double>(t_end - t_write).count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);  // ru_maxrss is in KiB on Linux
  const RankCost mine{result.write_seconds, static_cast<double>(usage.ru_maxrss) / 1024.0};
  static_assert(sizeof(RankCost) == 2 * sizeof(double));
  result.ranks.resize(result.stats.ranks.size());
  MPI_Allgather(&mine, 2, MPI_DOUBLE, result.ranks.data(), 2, MPI_DOUBLE, comm);
  return result;
}

}  // namespace fleetsim::app
