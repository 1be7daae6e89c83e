// fleetsim: one giant GPU cluster or many smaller ones? Command line.
//
//   fleetsim run     [--config FILE] [--out FILE.h5] [--layout NAME] [--OPTION VALUE ...]
//   fleetsim compare [--config FILE] [--out DIR]                     [--OPTION VALUE ...]
//   fleetsim trace   stats|convert|failures|validate FILE[:FORMAT] ...
//
// Options come, in rising precedence, from the built-in defaults, the embedded default scenario,
// the config file and the command line. Exit status (docs/cli.md): 0 done; 2 bad input, with one
// line on stderr naming the file and line or the option and no output file; 1 a run-time
// failure such as an output that cannot be written, one line, nothing half-written left.
#include <mpi.h>

#include <iostream>
#include <string>

#include "sim/app/fabric_command.h"
#include "sim/app/malloc_policy.h"
#include "sim/app/run_command.h"
#include "sim/app/trace_command.h"
#include "sim/app/usage.h"
#include "sim/app/world.h"
#include "sim/engine/mpi_start_up.h"
#include "sim/io/errors.h"
#include "sim/io/h5_writer.h"
#include "traces/trace_record.h"

using namespace fleetsim;

namespace {

constexpr int kExitBadInput = 2;
constexpr int kExitFailure = 1;

struct MpiSession {
  MpiSession(int& argc, char**& argv) { MPI_Init(&argc, &argv); }
  ~MpiSession() { MPI_Finalize(); }
};

// Answers that need no MPI (usage, version, an unknown command), given before MPI_Init: a
// singleton MPI_Init starts Open MPI's runtime daemon, most of `fleetsim --version`'s time
// (issue 13 item 7). Returns the exit status, or -1 for a command that needs MPI.
int answer_without_mpi(int argc, char** argv) {
  const bool root = engine::launcher_root();
  if (argc < 2) {
    if (root) app::usage(std::cerr);
    return kExitBadInput;
  }
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    if (root) app::usage(std::cout);
    return 0;
  }
  if (command == "--version") {
    if (root) std::cout << "fleetsim " << FLEETSIM_VERSION << "\n";
    return 0;
  }
  if (command != "run" && command != "compare" && command != "trace" && command != "fabric") {
    if (root)
      std::cerr << "fleetsim: error: unknown command '" << command
                << "' (run, compare, trace, fabric)\n";
    return kExitBadInput;
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  app::keep_freed_memory();
  if (const int status = answer_without_mpi(argc, argv); status >= 0) return status;
  app::run_with_huge_pages(argv);
  engine::before_mpi_init();
  MpiSession mpi(argc, argv);
  io::quiet_hdf5_errors();
  const bool root = app::world_rank() == 0;
  const std::string command = argv[1];
  try {
    if (command == "trace") return root ? app::trace_command(argc - 1, argv + 1) : 0;
    if (command == "fabric") return root ? app::fabric_command(argc - 1, argv + 1) : 0;
    return app::run_command(command, argc - 1, argv + 1);
  } catch (const traces::TraceError& e) {
    if (root) std::cerr << "fleetsim: error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const io::ConfigError& e) {
    // Every rank reads the same input and fails alike: one line, from rank 0.
    if (root) std::cerr << "fleetsim: error: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const io::OutputError& e) {
    // Thrown on every rank alike, the partial output already removed: one line, from rank 0.
    if (root) std::cerr << "fleetsim: error: " << e.what() << "\n";
    return kExitFailure;
  } catch (const std::exception& e) {
    // A failure inside the simulation may be on one rank only: say it and take all ranks down.
    std::cerr << "fleetsim: error: " << e.what() << "\n";
    int ranks = 1;
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    if (ranks > 1) MPI_Abort(MPI_COMM_WORLD, kExitFailure);
    return kExitFailure;
  }
}
