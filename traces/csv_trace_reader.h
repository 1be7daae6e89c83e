// Job traces that are delimited text, one job per line: openb, Helios, Acme, sacct, PAI.
// The columns come from the file's header (or a fixed list for headerless tables); each format
// turns one row into a TraceJob (csv_formats.cc). A row that cannot be read is reported as
// "FILE:LINE: field NAME: what" and, by option, stops the read or is skipped and counted.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "traces/line_reader.h"
#include "traces/row_error.h"
#include "traces/trace_reader.h"

namespace fleetsim::traces {

class CsvRow {
 public:
  CsvRow(const std::vector<std::string>& fields, const std::map<std::string, int>& columns)
      : fields_(fields), columns_(columns) {}
  bool has(const std::string& name) const { return columns_.count(name) > 0; }
  // Each throws FieldError: a missing column, not a number, not a calendar time (datetime.h),
  // or a time beyond traces/limits.h.
  const std::string& str(const std::string& name) const;
  double number(const std::string& name) const;
  double time(const std::string& name) const;
  bool empty(const std::string& name) const { return !has(name) || str(name).empty(); }

 private:
  const std::vector<std::string>& fields_;
  const std::map<std::string, int>& columns_;
};

// Tenant names to numbers in order of first appearance.
class TenantIds {
 public:
  std::int32_t operator()(const std::string& name);

 private:
  std::map<std::string, std::int32_t> ids_;
};

struct CsvFormat {
  const char* name;
  char separator = ',';
  std::vector<std::string> columns;   // headerless formats: the fixed columns
  std::vector<std::string> required;  // header formats: columns that must be present
  // Fills the job or throws FieldError. `tenants` persists across rows.
  std::function<void(const CsvRow&, TraceJob&, TenantIds&)> parse;
  // Rows to leave out by design (sacct job steps): a reason, or nullptr to keep the row.
  std::function<const char*(const CsvRow&)> exclude;
  // '#' lines are comments, "# key: value" ones header fields (fleetsim's normalized form).
  bool hash_comments = false;
  // The column naming the partition (or virtual cluster) a job ran in; nullptr: none recorded.
  // Optional in the file: a row without it records none.
  const char* partition_column = nullptr;
};

const CsvFormat* find_csv_format(const std::string& name);

class CsvTraceReader final : public TraceReader {
 public:
  CsvTraceReader(const std::string& path, const CsvFormat& format, const ReadOptions& opts);
  bool next(TraceJob& job) override;
  const ReadCounts& counts() const override { return counts_; }
  const char* format() const override { return format_.name; }
  double machine_devices() const override { return machine_devices_; }
  const std::map<std::string, std::string>& header() const override { return header_; }
  std::string where(std::int64_t line) const override { return at_line(in_.path(), line); }
  const char* partition_field() const override {
    return format_.partition_column ? format_.partition_column : "";
  }

 private:
  bool split(std::string_view line);
  void reject(const FieldError& e);
  void comment(std::string_view text);
  void take_header();

  const CsvFormat& format_;
  ReadOptions opts_;
  LineReader in_;
  ReadCounts counts_;
  std::map<std::string, int> columns_;
  std::vector<std::string> fields_;
  TenantIds tenants_;
  std::map<std::string, std::string> header_;
  double machine_devices_ = 0;
};

}  // namespace fleetsim::traces
