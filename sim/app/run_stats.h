// The statistics printed after each run (issue 13 item 1): events, windows, events per window,
// and per rank its LPs and events, where its time went (handling events, delivering them,
// synchronizing, writing the output) and its peak memory; the critical-path bound when recorded.
// Timings differ between runs, so they are printed here and never written to the output file.
#pragma once
#include <cstdio>
#include <string>

#include "sim/app/simulate.h"

namespace fleetsim::app {

void print_run_stats(const RunResult& result, const std::string& out, std::FILE* to = stdout);

}  // namespace fleetsim::app
