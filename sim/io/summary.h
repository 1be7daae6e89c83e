// The comparison table printed after a run: the figures read from each file's /summary (computed
// once, when the file was written: sim/io/summary_figures.cc), side by side.
#pragma once
#include <string>
#include <vector>

#include "sim/io/columns.h"
#include "sim/io/summary_figures.h"

namespace fleetsim::io {

struct Summary {
  std::string file;
  RootAttributes run;  // layout, clusters, total_gpus, duration, ...
  SummaryFigures figures;
  std::vector<LargestJob> largest;  // /summary_largest_jobs, largest first
};

// Reads PATH (serial HDF5); throws std::runtime_error naming the file and what is missing (a file
// of schema version 3 or older has no /summary).
Summary summarize(const std::string& path);

// One column per run; a figure over an empty sample (NaN) prints as "-".
std::string format_table(const std::vector<Summary>& runs);

}  // namespace fleetsim::io
