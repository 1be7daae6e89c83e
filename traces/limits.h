// What a trace, a failure log or a replay option may hold: every reader and option check uses
// these numbers, and docs/traces.md lists them. They follow from what the simulator can represent:
// simulated time is an int64 count of microseconds (core/time.h, +-9.2e12 s) and a job's GPU
// count an int32. Inputs are kept far enough inside that the sums and products a replay forms
// (submit + wait + run, times stretched by the load factor, repeats of a failure log) cannot
// overflow, and that a typo such as 1e26 is an error instead of a negative run time.
#pragma once
#include <cmath>
#include <cstddef>
#include <cstdint>

namespace fleetsim::traces {

// Any time or duration, in seconds: 1e11 s is 3,170 years, beyond every epoch time and run time
// of a real trace and 92x inside the simulator's clock (sums of a few stay representable).
inline constexpr double kMaxSeconds = 1e11;
// Processors or GPUs of one job as a trace records them.
inline constexpr double kMaxDevices = 2147483647.0;  // int32
// GPUs of one replayed job after device mapping and size scaling: fits the int32 of a job's
// size with room for the sum of two.
inline constexpr std::int64_t kMaxJobGpus = std::int64_t{1} << 30;
// Job ids a trace may give (integers a double holds exactly), and tenant (user, group, queue)
// numbers, which are int32.
inline constexpr double kMaxId = 9007199254740992.0;  // 2^53
inline constexpr double kMaxTenant = 2147483647.0;
// Multiplying options (trace.size_scale, trace.devices_per_gpu, trace.offered_load,
// failures.log_rate_scale): six orders of magnitude either way.
inline constexpr double kMinFactor = 1e-6;
inline constexpr double kMaxFactor = 1e6;
// Nodes a failure log observed (failures.log_nodes), and fleet node indices: int32.
inline constexpr std::int64_t kMaxLogNodes = 2147483647;
// Failures a log replay may put on the fleet, estimated before any is generated: 24 bytes each,
// held twice while they are sorted, on every rank (~1 GB per rank at the limit).
inline constexpr std::int64_t kMaxReplayedFailures = 20'000'000;
// One line of a text trace or log: longer is not a record (a binary file, a lost newline).
inline constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;
// What an error message quotes of a bad value, at most.
inline constexpr std::size_t kQuoteChars = 60;

// Times, durations and device counts are checked by row_error.h, which says what is wrong.
inline bool devices_ok(double d) { return d >= 0 && d <= kMaxDevices; }
inline bool id_ok(double v) { return std::fabs(v) <= kMaxId && v == std::floor(v); }
inline bool tenant_ok(double v) { return v >= -1 && v <= kMaxTenant && v == std::floor(v); }
inline bool count_ok(double v) { return v >= 0 && v <= kMaxTenant && v == std::floor(v); }
inline bool factor_ok(double f) { return f >= kMinFactor && f <= kMaxFactor; }

}  // namespace fleetsim::traces
