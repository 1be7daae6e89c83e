// Catch2 runner for every test binary: MPI_Init around the session, the result reduced over ranks
// so a failure on any rank fails the run; a test binary run alone (as ctest runs each case) starts
// as cheaply as fleetsim does (sim/engine/mpi_start_up.h). Alone in its file: it takes long to
// compile.
#define CATCH_CONFIG_RUNNER
#include <mpi.h>

#include <catch2/catch.hpp>

#include "sim/engine/mpi_start_up.h"

int main(int argc, char** argv) {
  fleetsim::engine::before_mpi_init();
  MPI_Init(&argc, &argv);
  const int local = Catch::Session().run(argc, argv);
  int worst = 0;
  MPI_Allreduce(&local, &worst, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  MPI_Finalize();
  return worst;
}
