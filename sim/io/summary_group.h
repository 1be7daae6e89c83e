// Writes /summary, /summary_by_class, /summary_largest_jobs, /fabric and /failures_by_component:
// the headline figures computed on rank 0 from the tables just written, their rows taken in row
// order (so the figures are the same bits on any rank count).
#pragma once
#include <mpi.h>

#include <span>
#include <string_view>

#include "sim/io/h5_writer.h"
#include "sim/io/summary_figures.h"
#include "sim/model/records.h"

namespace fleetsim::io {

// Whether the figures read this /jobs column (for_each_job_column): on several ranks the writer
// keeps only those once /jobs is written (run_output.cc), to gather them to rank 0.
bool summary_reads_job_column(std::string_view name);

// The figures of /jobs from this rank's part of it (`jobs`, made from jobs_def(), written; only
// the columns the figures read are needed): gathered to rank 0 in row order, or moved out of the
// table on one rank (see take_column). Collective; the figures are rank 0's.
JobFigures gather_job_figures(MPI_Comm comm, Table& jobs, double duration);

// The figures of /jobs straight from the records of a one-rank run, in id order (ids 0..n-1,
// else std::logic_error): each row is read through the /jobs column declarations, so it holds
// the file's values, and nothing is held per job beside the records but a started job's wait.
JobFigures job_figures(std::span<const model::JobRecord* const> records, double duration);

// Collective. Computes the figures on rank 0 from `jobs` (rank 0's, every row added) and this
// rank's parts of /clusters and /failures (from clusters_def() and failures_def(), written), and
// writes the summary groups (rank 0 holds their rows). Returns the figures on rank 0, empty ones
// elsewhere. Consumes the tables.
RunFigures write_summary(H5Writer& out, MPI_Comm comm, JobFigures&& jobs, Table&& clusters,
                         Table&& failures, double duration, std::int64_t total_gpus,
                         const CostInputs& cost);

// The same from this rank's /jobs table, without failures, with the default [cost] options and
// no network.
RunFigures write_summary(H5Writer& out, MPI_Comm comm, Table&& jobs, Table&& clusters,
                         double duration, std::int64_t total_gpus);

}  // namespace fleetsim::io
