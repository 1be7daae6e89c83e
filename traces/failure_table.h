// The reading loop of the failure logs that are text tables (fleetsim's CSV, LANL, FTA): every
// line is the header, a comment, or a failure, and each row that cannot be read goes through the
// one bad-row rule (row_error.h). A format says only what its lines are.
#pragma once
#include <functional>
#include <string_view>

#include "traces/failure_log.h"

namespace fleetsim::traces {

struct FailureTable {
  // Asked of each line until it says yes or a row is read: whether the line is the header (and
  // then reads it). A FieldError from it is always an error: without a header nothing is read.
  std::function<bool(std::string_view line)> header;
  // Whether the line is blank or a comment.
  std::function<bool(std::string_view line)> comment;
  // The failure in a row, or FieldError.
  std::function<FailureRecord(std::string_view line)> row;
  // The field an error names when the file has no header line; nullptr: the header is optional.
  const char* required_header = nullptr;
};

void read_failure_table(FailureLog& log, BadRows bad_rows, const FailureTable& table);

}  // namespace fleetsim::traces
