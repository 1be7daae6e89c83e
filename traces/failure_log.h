// Failure logs: "FILE[:format]", readers into FailureRecord, and the counts of what was read.
// Failure logs are small (thousands of records), so a log is read whole, sorted by start time.
#pragma once
#include <string>
#include <vector>

#include "traces/failure_record.h"
#include "traces/trace_record.h"

namespace fleetsim::traces {

struct FailureLog {
  std::string path, format;
  std::vector<FailureRecord> records;  // by start time, then file order
  ReadCounts counts;      // lines (JSON: records) read; jobs = failures; skipped with reasons
  std::int64_t ends = 0;  // StepFun fault_end records, each closing a failure
  std::int64_t distinct_nodes = 0;
  std::int64_t unknown_repair = 0;  // failures without a recorded end
  double span_s = 0;                // log time origin to its last event
  std::int64_t sampled_nodes = 0;   // nodes the log observed, faulty or not (0 unknown)
};

struct FailureSpec {
  std::string path;
  std::string format;  // stepfun, native, lanl, fta
};

const char* known_failure_formats();
// "N records: F failures (U without an end), E fault ends, S skipped (...)", nodes and span.
std::string describe(const FailureLog& log);
// Throws TraceError naming the file when the format is neither given nor known from the name.
FailureSpec parse_failure_spec(const std::string& text);
// Throws TraceError "FILE:LINE: field NAME: ..." (JSON: "FILE: record N: field NAME: ...").
FailureLog read_failure_log(const FailureSpec& spec, BadRows bad_rows);

// Per-format readers (failure_log_*.cc).
void read_stepfun(FailureLog& log, BadRows bad_rows);
void read_native_failures(FailureLog& log, BadRows bad_rows);
void read_lanl(FailureLog& log, BadRows bad_rows);
void read_fta(FailureLog& log, BadRows bad_rows);

}  // namespace fleetsim::traces
