// What a process asks of Open MPI before MPI_Init, in one place for every fleetsim program
// (fleetsim, the test runner, phold_bench): a process started without a launcher is a singleton,
// and Open MPI's start-up is sized for a job of many processes.
#pragma once

#include <cstdlib>
#include <string>

namespace fleetsim::engine {

// The launchers' rank variables: mpirun (Open MPI, PMIx, PMI) and srun.
inline constexpr const char* kLauncherRankVars[] = {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK",
                                                    "SLURM_PROCID"};

// This process's rank as its launcher says, before MPI_Init; null when no launcher started it.
inline const char* launcher_rank() {
  for (const char* var : kLauncherRankVars)
    if (const char* v = std::getenv(var)) return v;
  return nullptr;
}

// Whether this process is rank 0: a process started without a launcher is.
inline bool launcher_root() {
  const char* rank = launcher_rank();
  return !rank || std::string(rank) == "0";
}

// A singleton talks to no one, so it asks for the cheapest of each part (a value the user set is
// kept; a launched process keeps Open MPI's own choices, UCX where the network has it):
// - no runtime daemon (orted), which Open MPI otherwise starts for it (~0.6 s here); fleetsim
//   never spawns processes;
// - the ob1 messaging layer: Open MPI 4.1 otherwise first initialises UCX, looking for a fast
//   network, which takes 0.20 s of MPI_Init's 0.25 s on these machines (0.04 s with ob1).
inline void singleton_start_up() {
  if (launcher_rank()) return;
  setenv("OMPI_MCA_ess_singleton_isolated", "1", 0);
  setenv("OMPI_MCA_pml", "ob1", 0);
}

// Open MPI's MPI-IO asks each shared-file-pointer component at every file open; the `sm` one
// opens a file named after the output's base name in the job's session directory. Isolated
// singletons all share one session directory (/tmp/ompi.HOST.UID/jf.0/1), and one ending removes
// it under another's open: a stray "unable to open file for mmap" line on stderr. fleetsim never
// uses shared file pointers, so the `individual` component (no file until one is used) does. A
// value the user set is kept.
inline void no_shared_file_pointer_files() { setenv("OMPI_MCA_sharedfp", "individual", 0); }

// Everything above, for every process, just before MPI_Init.
inline void before_mpi_init() {
  singleton_start_up();
  no_shared_file_pointer_files();
}

}  // namespace fleetsim::engine
