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

[[noreturn]] void bad(std::string_view text, std::string_view field, const std::string& what) {
  throw FieldError{std::string(field), quote(text) + " is " + what};
}

enum class Limit { kTime, kDuration, kDevices };

[[noreturn]] void beyond(std::string_view text, std::string_view field, Limit limit) {
  switch (limit) {
    case Limit::kTime:
      bad(text, field, "outside +-" + g(kMaxSeconds) + " s, the times a replay can hold");
    case Limit::kDuration:
      bad(text, field, "above " + g(kMaxSeconds) + " s, the longest time a replay can hold");
    case Limit::kDevices:
      break;
  }
  bad(text, field, "above " + g(kMaxDevices) + ", the most devices one job can have");
}

// `v` within [lo, hi], else FieldError; below a lower bound of 0 is "negative".
double checked(double v, std::string_view text, std::string_view field, double lo, double hi,
               Limit limit) {
  if (v >= lo && v <= hi) return v;
  if (std::isnan(v)) bad(text, field, "not a number");
  if (v < 0 && lo == 0) bad(text, field, "negative");
  beyond(text, field, limit);
}

}  // namespace

double number_field(std::string_view text, std::string_view field) {
  double v = 0;
  if (!parse_number(text, v)) bad(text, field, "not a number");
  return v;
}

double time_field(double seconds, std::string_view text, std::string_view field) {
  return checked(seconds, text, field, -kMaxSeconds, kMaxSeconds, Limit::kTime);
}

double duration_field(double seconds, std::string_view text, std::string_view field) {
  return checked(seconds, text, field, 0, kMaxSeconds, Limit::kDuration);
}

double devices_field(double devices, std::string_view text, std::string_view field) {
  return checked(devices, text, field, 0, kMaxDevices, Limit::kDevices);
}

}  // namespace fleetsim::traces
