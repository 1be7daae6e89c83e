// MPI-IO write errors, caught below HDF5.
//
// HDF5 1.10.8 cannot survive a failed write: a file whose final flush fails stays in its ID
// table after being freed, and MPI_Finalize then crashes in H5F__close_cb (HDFGroup/hdf5#2291,
// fixed in later releases); and a write that fails on one rank only (the collective buffering
// aggregator) sends that rank out of the collective sequence while the others wait for it.
// So the MPI-IO calls HDF5 makes to write (write_at, write_at_all, set_size, sync) are wrapped
// through the MPI profiling interface (PMPI): a failure is recorded here and reported to HDF5
// as success. HDF5 then goes through the same collective calls on every rank and closes the
// file cleanly, and H5Writer asks every rank for recorded errors after each write phase.
// The wrappers also keep Open MPI's own lines about the failure ("mca_fbtl_posix_pwritev:
// error in writev") off stderr: the run reports the error once, itself.
#pragma once
#include <string>

namespace fleetsim::io::mpiio {

// The first write error on this rank since the last reset(), as text (e.g. "No space left on
// device"); empty when there was none.
std::string first_error();
void reset();

// Why writing `file` failed, as well as can be told: no space left on its file system, the
// process's file size limit, else first_error(). Empty when nothing failed.
std::string cause(const std::string& file);

}  // namespace fleetsim::io::mpiio
