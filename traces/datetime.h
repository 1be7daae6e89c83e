// Calendar times of the trace formats, to seconds. "YYYY-MM-DD HH:MM:SS" or with 'T', optional
// fraction, optional zone "Z", "+HH:MM", "-HHMM". A time with a zone is converted to UTC; a
// time without one stays on the trace's own (local) clock, read as if it were UTC: only
// differences between its times matter, and they are right unless the log crosses a DST change.
#pragma once
#include <string_view>

namespace fleetsim::traces {

// False when `text` is not such a time. `has_zone` says whether it carried an offset.
bool parse_datetime(std::string_view text, double& seconds, bool* has_zone = nullptr);

// Seconds from 1970-01-01 00:00 of a proleptic Gregorian date and time (std::chrono's calendar);
// false when there is no such date or time.
bool civil_seconds(int year, int month, int day, int hour, int minute, int second, double& seconds);

// Slurm durations: "[D-]HH:MM:SS", "MM:SS", "MM", with optional ".fff"; false for UNLIMITED etc.
bool parse_slurm_duration(std::string_view text, double& seconds);

}  // namespace fleetsim::traces
