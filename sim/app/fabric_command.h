// `fleetsim fabric list|describe|keys`: fabric descriptions sized, costed and printed, without
// simulating. The work is in fabric/ (fabric/cli.h), which the standalone `fleetsim_fabric`
// program runs too.
#pragma once

namespace fleetsim::app {

// argv[0] is "fabric". Returns the exit status: 0, or 2 after one line on stderr on bad input.
// Run it on one rank only (it prints).
int fabric_command(int argc, char** argv);

}  // namespace fleetsim::app
