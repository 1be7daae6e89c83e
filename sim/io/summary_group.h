// Writes /summary, /summary_by_class and /summary_largest_jobs: the headline figures computed on
// rank 0 from the /jobs and /clusters tables just written, gathered in row order (so the figures
// are the same bits on any rank count).
#pragma once
#include <mpi.h>

#include <string_view>

#include "sim/io/h5_writer.h"
#include "sim/io/summary_figures.h"

namespace fleetsim::io {

// Collective. `jobs` and `clusters` are this rank's parts of /jobs and /clusters, made from
// jobs_def() and clusters_def(), already written: the columns the figures need (RunColumns) are
// gathered to rank 0, or moved out of the tables on one rank (see take_column).
// `failures` (from failures_def(), written) likewise gives the /failures columns.
// Whether the figures read this /jobs column: the writer keeps only those once /jobs is
// written (run_output.cc), so that a run's jobs are never in memory twice over.
bool summary_reads_job_column(std::string_view name);

RunColumns gather_run_columns(MPI_Comm comm, Table& jobs, Table& clusters, Table& failures,
                              double duration, std::int64_t total_gpus);

// Collective. Computes the figures on rank 0 and writes /summary, /summary_by_class,
// /summary_largest_jobs, /fabric and /failures_by_component (rank 0 holds their rows). Returns the
// figures on rank 0, empty ones elsewhere. Consumes the tables.
RunFigures write_summary(H5Writer& out, MPI_Comm comm, Table&& jobs, Table&& clusters,
                         Table&& failures, double duration, std::int64_t total_gpus,
                         const CostInputs& cost);

// The same without failures, with the default [cost] options and no network.
RunFigures write_summary(H5Writer& out, MPI_Comm comm, Table&& jobs, Table&& clusters,
                         double duration, std::int64_t total_gpus);

}  // namespace fleetsim::io
