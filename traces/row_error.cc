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

// `v` within [lo, hi], else FieldError saying `beyond`; below a lower bound of 0 is "negative".
double checked(double v, std::string_view text, const std::string& field, double lo, double hi,
               const std::string& beyond) {
  if (std::isnan(v)) bad(text, field, "not a number");
  if (v < 0 && lo == 0) bad(text, field, "negative");
  if (v < lo || v > hi) bad(text, field, beyond);
  return v;
}

}  // namespace

double number_field(std::string_view text, const std::string& field) {
  double v = 0;
  if (!parse_number(text, v)) bad(text, field, "not a number");
  return v;
}

double time_field(double seconds, std::string_view text, const std::string& field) {
  return checked(seconds, text, field, -kMaxSeconds, kMaxSeconds,
                 "outside +-" + g(kMaxSeconds) + " s, the times a replay can hold");
}

double duration_field(double seconds, std::string_view text, const std::string& field) {
  return checked(seconds, text, field, 0, kMaxSeconds,
                 "above " + g(kMaxSeconds) + " s, the longest time a replay can hold");
}

double devices_field(double devices, std::string_view text, const std::string& field) {
  return checked(devices, text, field, 0, kMaxDevices,
                 "above " + g(kMaxDevices) + ", the most devices one job can have");
}

}  // namespace fleetsim::traces
