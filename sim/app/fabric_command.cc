#include "sim/app/fabric_command.h"

#include <iostream>

#include "fabric/cli.h"

namespace fleetsim::app {

int fabric_command(int argc, char** argv) {
  return fabric::run_fabric_command(argc, argv, std::cout, std::cerr, "fleetsim");
}

}  // namespace fleetsim::app
