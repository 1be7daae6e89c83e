// fleetsim_fabric: `fleetsim fabric ...` as a program of its own, without MPI, so that fabrics can
// be described (and tested) before `fleetsim` dispatches to it. Same arguments, same output.
#include <iostream>

#include "fabric/cli.h"

int main(int argc, char** argv) {
  return fleetsim::fabric::run_fabric_command(argc, argv, std::cout, std::cerr, "fleetsim_fabric");
}
