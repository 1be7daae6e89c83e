// `fleetsim fabric ...` without MPI, so that both `fleetsim` (sim/app/fabric_command.cc) and the
// standalone `fleetsim_fabric` run the same code:
//   fabric list
//   fabric describe FABRIC [--fabric.KEY VALUE ...] [--json]
//   fabric keys
#pragma once
#include <iosfwd>
#include <string>

namespace fleetsim::fabric {

// argv[0] is the command word ("fabric", or the standalone program's name) and is not read.
// Bad input prints one line "PROGRAM: error: ..." on `err` and returns 2.
int run_fabric_command(int argc, char** argv, std::ostream& out, std::ostream& err,
                       const std::string& program);

}  // namespace fleetsim::fabric
