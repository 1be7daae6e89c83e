#include "traces/row_error.h"

#include <cmath>
#include <cstdio>

#include "traces/limits.h"
#include "traces/text.h"

namespace fleetsim::traces {

std::string at_line(const std::string& path, std::int64_t line) {
  return path + ":" + std::to_string(line);
}

std::string at_record(const std::string& path, std::int64_t record) {
  return path + ": record " + std::to_string(record);
}

std::string field_message(const std::string& where, const FieldError& e) {
  return where + ": field " + e.field + ": " + e.what;
}

void reject_row(ReadCounts& counts, BadRows bad_rows, bool unusable_is_error,
                const std::string& where, const FieldError& e) {
  const bool malformed = e.reason == kMalformed;
  if (malformed ? bad_rows == BadRows::kError : unusable_is_error)
    throw TraceError(field_message(where, e));
  counts.skip(e.reason, field_message(where, e));
}

namespace {

// A limit as messages print it (1e+11, 2147483647).
std::string g(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

[[noreturn]] void bad(std::string_view text, const std::string& field, const std::string& what) {
  throw FieldError{field, quote(text) + " is " + what};
}

}  // namespace

double number_field(std::string_view text, const std::string& field) {
  double v = 0;
  if (!parse_number(text, v)) bad(text, field, "not a number");
  return v;
}

double time_field(double seconds, std::string_view text, const std::string& field) {
  if (std::isnan(seconds)) bad(text, field, "not a number");
  if (!time_ok(seconds))
    bad(text, field, "outside +-" + g(kMaxSeconds) + " s, the times a replay can hold");
  return seconds;
}

double duration_field(double seconds, std::string_view text, const std::string& field) {
  if (std::isnan(seconds)) bad(text, field, "not a number");
  if (seconds < 0) bad(text, field, "negative");
  if (!duration_ok(seconds))
    bad(text, field, "above " + g(kMaxSeconds) + " s, the longest time a replay can hold");
  return seconds;
}

double devices_field(double devices, std::string_view text, const std::string& field) {
  if (std::isnan(devices)) bad(text, field, "not a number");
  if (devices < 0) bad(text, field, "negative");
  if (!devices_ok(devices))
    bad(text, field, "above " + g(kMaxDevices) + ", the most devices one job can have");
  return devices;
}

}  // namespace fleetsim::traces
