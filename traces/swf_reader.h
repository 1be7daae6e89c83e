// Standard Workload Format (Parallel Workloads Archive), plain or .gz: "; Key: value" header
// comments, then 18 whitespace-separated numeric fields per job, -1 for unknown.
// See https://www.cs.huji.ac.il/labs/parallel/workload/swf.html and docs/traces.md.
#pragma once
#include <array>
#include <string>

#include "traces/line_reader.h"
#include "traces/trace_reader.h"

namespace fleetsim::traces {

inline constexpr int kSwfFields = 18;
extern const std::array<const char*, kSwfFields> kSwfFieldNames;

class SwfReader final : public TraceReader {
 public:
  SwfReader(const std::string& path, const ReadOptions& opts);
  bool next(TraceJob& job) override;
  const ReadCounts& counts() const override { return counts_; }
  double machine_devices() const override { return max_procs_; }
  const std::map<std::string, std::string>& header() const override { return header_; }
  const char* format() const override { return "swf"; }
  const char* partition_field() const override { return "partition"; }
  std::string where(std::int64_t line) const override;

 private:
  bool read_line(std::string_view& line);
  void header_line(std::string_view line);
  // One data line into `job`; throws FieldError.
  void parse(std::string_view line, TraceJob& job);
  // parse(), and the bad-row rule; false when the line yields no job.
  bool take(std::string_view line, TraceJob& job);

  ReadOptions opts_;
  LineReader in_;
  ReadCounts counts_;
  std::map<std::string, std::string> header_;
  double max_procs_ = 0;
  std::string pending_;  // first data line, read ahead while reading the header
  bool has_pending_ = false;
};

}  // namespace fleetsim::traces
