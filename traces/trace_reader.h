// A streaming reader of one job-trace file into normalized TraceJob records, and the factory that
// picks the reader from "FILE[:format]". Rows come in file order; readers hold one row at a time.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "traces/partition_names.h"
#include "traces/trace_record.h"

namespace fleetsim::traces {

// Conventions a replay depends on; each is a documented option (docs/traces.md).
struct ReadOptions {
  BadRows bad_rows = BadRows::kError;
  // SWF: processors from the allocated (field 5) or requested (field 8) count; either falls back
  // to the other when it is -1.
  enum class Procs { kAllocated, kRequested } procs = Procs::kAllocated;
  // SWF: the tenant is the user (12), group (13), queue (15) or partition (16).
  enum class Tenant { kUser, kGroup, kQueue, kPartition } tenant = Tenant::kUser;
  // Rows with an unknown (-1) submit time, run time or processor count, or no processors: skipped
  // and counted (default) or an error.
  bool unusable_is_error = false;
};

class TraceReader {
 public:
  virtual ~TraceReader() = default;
  // The next job in file order; false at the end. Throws TraceError on a malformed row when
  // bad_rows is kError; with kSkip the row is counted in counts() and the next one read.
  virtual bool next(TraceJob& job) = 0;
  virtual const ReadCounts& counts() const = 0;
  // Devices of the machine the trace was recorded on (SWF MaxProcs); 0 when unknown.
  virtual double machine_devices() const { return 0; }
  // Header fields the file carries (SWF "; Key: value" comments), first occurrence of each.
  virtual const std::map<std::string, std::string>& header() const { return no_header_; }
  virtual const char* format() const = 0;
  // Where row `line` (TraceJob::line) is, for messages: "FILE:LINE" or "FILE: record N".
  virtual std::string where(std::int64_t line) const = 0;
  // The partitions recorded in the rows read so far, in order of first appearance (indexed by
  // TraceJob::partition: the same on every read of the file), and the field they come from, for
  // messages; "" for a format that records none.
  const std::vector<std::string>& partition_names() const { return partitions_.names(); }
  virtual const char* partition_field() const { return ""; }

 protected:
  PartitionNames partitions_;

 private:
  std::map<std::string, std::string> no_header_;
};

struct TraceSpec {
  std::string path;
  std::string format;  // swf; empty: from the file name
};

// "FILE[:format]" -> spec; the format is taken from the suffix after the last ':' when it names a
// known format, else from the file name (.swf, .swf.gz). Throws TraceError when neither works.
TraceSpec parse_trace_spec(const std::string& text);
const char* known_trace_formats();  // "swf"

std::unique_ptr<TraceReader> open_trace(const TraceSpec& spec, const ReadOptions& opts);

}  // namespace fleetsim::traces
