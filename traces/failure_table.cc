#include "traces/failure_table.h"

#include "traces/line_reader.h"
#include "traces/row_error.h"

namespace fleetsim::traces {

void read_failure_table(FailureLog& log, BadRows bad_rows, const FailureTable& table) {
  LineReader in(log.path);
  std::string_view line;
  bool header = false, rows = false;
  while (in.next(line)) {
    ++log.counts.lines;
    const bool header_turn = !header && !rows;
    try {
      if (header_turn && table.header(line)) {
        header = true;
        ++log.counts.comments;
        continue;
      }
      if (table.comment(line)) {
        ++log.counts.comments;
        continue;
      }
      rows = true;
      FailureRecord r = table.row(line);
      r.line = in.line_number();
      ++log.counts.jobs;
      log.records.push_back(std::move(r));
    } catch (const FieldError& e) {
      const std::string where = at_line(log.path, in.line_number());
      if (header_turn && !rows) throw TraceError(field_message(where, e));
      reject_row(log.counts, bad_rows, false, where, e);
    }
  }
  if (!header && table.required_header)
    throw TraceError(
        field_message(at_line(log.path, 1), {table.required_header, "no header line"}));
}

}  // namespace fleetsim::traces
