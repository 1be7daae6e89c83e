// `fleetsim run` and `fleetsim compare`: options, checks before simulating, the runs, the table.
#pragma once
#include <string>

namespace fleetsim::app {

// argv[0] is the command. Collective over MPI_COMM_WORLD. Returns the exit status; throws
// io::ConfigError / traces::TraceError on bad input (every rank alike) and io::OutputError when
// the output cannot be written (every rank alike).
int run_command(const std::string& command, int argc, char** argv);

}  // namespace fleetsim::app
