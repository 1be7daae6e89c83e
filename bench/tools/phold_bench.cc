// The engine benchmark: PHOLD (bench/tools/phold_model.h) on the conservative engine.
// Prints, on rank 0, committed events per second per rank and in all, windows, events per
// window, the share of events that crossed ranks and where each rank's time went (handling
// events, synchronizing), and one machine-readable "phold ..." line for bench/run-phold-bench.
//   [mpirun -n R] phold_bench [--lps N] [--population P] [--lookahead-us L] [--mean-us M]
//                             [--other F] [--remote F] [--end-s S] [--threads T]
//                             [--partitioner block|round-robin] [--seed S]
//                             [--critical-path off|events|time]
#include <mpi.h>
#include <sys/resource.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "bench/tools/phold_model.h"
#include "partitions/partitioners.h"
#include "sim/engine/mpi_start_up.h"
#include "sim/engine/simulator.h"

namespace po = boost::program_options;
using namespace fleetsim;

namespace {

// This process's CPU time (user + system, all threads): on a shared machine the wall clock also
// counts the time other processes held the cores, the CPU time does not.
double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Args {
  bench::PholdParams phold;
  double end_s = 2;
  int threads = 1;
  std::string partitioner = "block";
  std::uint64_t seed = 1;
  std::string critical_path = "off";
};

// Throws std::invalid_argument naming the option on a bad value.
Args parse(int argc, char** argv) {
  Args a;
  std::int64_t lps = a.phold.lps, lookahead = a.phold.lookahead, mean = a.phold.mean;
  po::options_description desc("phold_bench options");
  desc.add_options()("help,h", "print this help")("lps", po::value(&lps)->default_value(lps),
                                                  "LPs in all (spread over the ranks)")(
      "population", po::value(&a.phold.population)->default_value(a.phold.population),
      "events in flight per LP")("lookahead-us", po::value(&lookahead)->default_value(lookahead),
                                 "least delay of every event, microseconds (the lookahead)")(
      "mean-us", po::value(&mean)->default_value(mean),
      "mean of the exponential delay added to the lookahead, microseconds")(
      "other", po::value(&a.phold.other)->default_value(a.phold.other),
      "share of events sent to another LP (the rest to the LP itself)")(
      "remote", po::value(&a.phold.remote)->default_value(a.phold.remote),
      "of the events sent to another LP, the share sent to another rank")(
      "end-s", po::value(&a.end_s)->default_value(a.end_s), "simulated seconds")(
      "threads", po::value(&a.threads)->default_value(a.threads), "TBB threads per rank")(
      "partitioner", po::value(&a.partitioner)->default_value(a.partitioner),
      "block or round-robin")("seed", po::value(&a.seed)->default_value(a.seed), "random seed")(
      "critical-path", po::value(&a.critical_path)->default_value(a.critical_path),
      "record the critical path: off, events (cost 1 per event) or time (measured)");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw std::invalid_argument(std::string("command line: ") + e.what());
  }
  if (vm.count("help")) {
    std::cout << desc << "\n";
    std::exit(0);
  }
  auto need = [](bool ok, const char* what) {
    if (!ok) throw std::invalid_argument(std::string("command line --") + what);
  };
  need(lps >= 1 && lps <= (std::int64_t{1} << 31), "lps: must be in 1..2^31");
  need(a.phold.population >= 1, "population: must be at least 1");
  need(lookahead >= 1, "lookahead-us: must be at least 1");
  need(mean >= 0, "mean-us: must not be negative");
  need(a.phold.other >= 0 && a.phold.other <= 1, "other: must be in [0, 1]");
  need(a.phold.remote >= 0 && a.phold.remote <= 1, "remote: must be in [0, 1]");
  need(a.end_s > 0, "end-s: must be positive");
  need(a.threads >= 1 && a.threads <= 1024, "threads: must be in 1..1024");
  need(a.critical_path == "off" || a.critical_path == "events" || a.critical_path == "time",
       "critical-path: must be off, events or time");
  try {
    partitions::make_partitioner(a.partitioner);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("command line --partitioner: ") + e.what());
  }
  a.phold.lps = static_cast<engine::LpId>(lps);
  a.phold.lookahead = lookahead;
  a.phold.mean = mean;
  return a;
}

int run(const Args& a) {
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  const auto partitioner = partitions::make_partitioner(a.partitioner);
  const bench::PholdMap map(*partitioner, a.phold.lps, ranks);
  const auto types = bench::phold_types(a.phold, map);
  engine::SimulatorOptions opts;
  opts.end_time = core::from_seconds(a.end_s);
  opts.seed = a.seed;
  opts.threads = a.threads;
  opts.critical_path = engine::parse_critical_path(a.critical_path);
  engine::Simulator sim(MPI_COMM_WORLD, types, *partitioner, opts);
  sim.build();
  MPI_Barrier(MPI_COMM_WORLD);
  const double cpu0 = cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  const engine::RunStats stats = sim.run();
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double my_cpu = cpu_seconds() - cpu0;
  MPI_Allreduce(MPI_IN_PLACE, &wall, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  std::vector<double> cpu(static_cast<std::size_t>(ranks));
  MPI_Gather(&my_cpu, 1, MPI_DOUBLE, cpu.data(), 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  if (rank != 0) return 0;

  const double events = static_cast<double>(stats.events);
  const double windows = static_cast<double>(std::max<std::uint64_t>(1, stats.windows));
  std::printf(
      "PHOLD: %u LPs x %d events, lookahead %lld us + exp(%lld us), other LP %.2f, "
      "remote %.2f of those; %g s simulated on %d rank(s) x %d thread(s), %s\n",
      a.phold.lps, a.phold.population, static_cast<long long>(a.phold.lookahead),
      static_cast<long long>(a.phold.mean), a.phold.other, a.phold.remote, a.end_s, ranks,
      a.threads, a.partitioner.c_str());
  for (int r = 0; r < ranks; ++r) {
    const auto& rs = stats.ranks[r];
    std::printf(
        "  rank %d: %llu LPs, %llu events, %.3g M events/s (%.3g M per CPU second); handle %.3f s, "
        "deliver %.3f s, sync %.3f s; CPU %.3f s\n",
        r, static_cast<unsigned long long>(rs.lps), static_cast<unsigned long long>(rs.events),
        rs.events / wall / 1e6, rs.events / cpu[r] / 1e6, stats.times[r].handle_s,
        stats.times[r].deliver_s, stats.times[r].sync_s, cpu[r]);
  }
  const double remote_share = static_cast<double>(stats.remote_events) / std::max(1.0, events);
  std::printf(
      "  all: %llu events in %.3f s = %.3g M events/s; %llu windows, %.1f events/window; "
      "%.1f%% of events crossed ranks\n",
      static_cast<unsigned long long>(stats.events), wall, events / wall / 1e6,
      static_cast<unsigned long long>(stats.windows), events / windows, 100 * remote_share);
  if (stats.critical_path.work > 0)
    std::printf("  %s\n", engine::describe(stats.critical_path).c_str());
  double cpu_max = 0;
  for (double c : cpu) cpu_max = std::max(cpu_max, c);
  std::printf(
      "phold ranks=%d threads=%d events=%llu seconds=%.4f events_per_s=%.0f windows=%llu "
      "events_per_window=%.1f remote_share=%.4f cpu_s_max=%.4f\n",
      ranks, a.threads, static_cast<unsigned long long>(stats.events), wall, events / wall,
      static_cast<unsigned long long>(stats.windows), events / windows, remote_share, cpu_max);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  fleetsim::engine::before_mpi_init();
  MPI_Init(&argc, &argv);
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  int status = 0;
  try {
    status = run(parse(argc, argv));
  } catch (const std::invalid_argument& e) {
    if (rank == 0) std::fprintf(stderr, "phold_bench: error: %s\n", e.what());
    status = 2;
  }
  MPI_Finalize();
  return status;
}
