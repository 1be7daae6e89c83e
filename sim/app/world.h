// This process's rank in MPI_COMM_WORLD and the world's size: the command's one place to ask.
#pragma once
#include <mpi.h>

namespace fleetsim::app {

inline int world_rank() {
  int r = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

inline int world_size() {
  int n = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

}  // namespace fleetsim::app
