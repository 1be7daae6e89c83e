// Simulated time: an integer count of microseconds. No floating point ever orders events.
// In core/ (no MPI, no TBB): shared by the engine, the model and traces/.
#pragma once
#include <cstdint>
#include <limits>

namespace fleetsim::core {

using Time = std::int64_t;

inline constexpr Time kMicrosecond = 1;
inline constexpr Time kMillisecond = 1000;
inline constexpr Time kSecond = 1000 * kMillisecond;
inline constexpr Time kMinute = 60 * kSecond;
inline constexpr Time kHour = 60 * kMinute;
inline constexpr Time kDay = 24 * kHour;
inline constexpr Time kYear = 365 * kDay;
inline constexpr Time kNever = std::numeric_limits<Time>::max();

inline constexpr double to_seconds(Time t) { return static_cast<double>(t) / kSecond; }
inline constexpr double to_hours(Time t) { return static_cast<double>(t) / kHour; }
inline constexpr double to_days(Time t) { return static_cast<double>(t) / kDay; }
inline constexpr Time from_seconds(double s) { return static_cast<Time>(s * kSecond + 0.5); }

}  // namespace fleetsim::core
