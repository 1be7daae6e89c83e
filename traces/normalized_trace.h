// fleetsim's normalized trace form, written by `fleetsim trace convert` and read back as format
// `fleetsim` (name *.fleetsim.csv[.gz]): one CSV row per TraceJob, every field of the record,
// numbers in shortest round-trip form, so a converted trace replays exactly like its source and
// reloads without format-specific parsing. Layout (docs/traces.md):
//   # fleetsim normalized trace, version 1
//   # source: FILE (FORMAT)
//   # machine_devices: N
//   id,submit_s,wait_s,runtime_s,time_limit_s,devices,outcome,tenant,started,attempts
#pragma once
#include <string>

#include "traces/trace_reader.h"

namespace fleetsim::traces {

// Reads every row of `reader` into OUT (gzip when OUT ends in .gz), through OUT.partial renamed
// at the end: a file with the final name is always complete. Returns the rows written.
std::int64_t write_normalized(TraceReader& reader, const std::string& source,
                              const std::string& out);

}  // namespace fleetsim::traces
