// A row (or JSON record) that cannot be used, and the one rule for what then happens. Every
// reader of traces and failure logs reads a row in a function that throws FieldError, catches it
// in its loop and hands it to reject_row: so the message layout, the error-or-skip decision and
// the counting are the same everywhere.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "traces/trace_record.h"

namespace fleetsim::traces {

inline constexpr const char* kMalformed = "malformed";

// The field and what is wrong with it. Rows with reason kMalformed follow ReadOptions::bad_rows;
// any other reason marks a well-formed row that says nothing a replay can use (unknown run time,
// no processors), which follows ReadOptions::unusable_is_error.
struct FieldError {
  std::string field, what;
  std::string reason = kMalformed;
};

// Where a row is, for messages: "FILE:LINE" for text, "FILE: record N" for a JSON array; both
// 1-based.
std::string at_line(const std::string& path, std::int64_t line);
std::string at_record(const std::string& path, std::int64_t record);

// "WHERE: field NAME: what", the layout of every bad-input message of a trace or log.
std::string field_message(const std::string& where, const FieldError& e);

// Throws TraceError when the row must stop the read, else counts it as skipped with its reason.
void reject_row(ReadCounts& counts, BadRows bad_rows, bool unusable_is_error,
                const std::string& where, const FieldError& e);

// Checked fields. `text` is the value as written (quoted in the message); each throws
// FieldError naming `field` when the value is not a number or beyond traces/limits.h. They are
// on every field of every row: nothing is built unless the value is bad.
double number_field(std::string_view text, std::string_view field);
double time_field(double seconds, std::string_view text, std::string_view field);
double duration_field(double seconds, std::string_view text, std::string_view field);
double devices_field(double devices, std::string_view text, std::string_view field);

}  // namespace fleetsim::traces
