// Parsing and printing of durations ("30d", "10min", "1.5h", "250ms"; a bare number is seconds).
#pragma once
#include <string>

#include "sim/engine/event.h"

namespace fleetsim::io {

// Throws std::invalid_argument with a message that names the accepted units.
engine::Time parse_duration(const std::string& text);
// The shortest exact form: "365d", "10min", "1500ms", "0s".
std::string format_duration(engine::Time t);

}  // namespace fleetsim::io

namespace fleetsim::io {

// A size in bytes: a number with an optional unit, B, KiB, MiB, GiB, TiB (binary; K, M, G, T
// too) or kB, MB, GB, TB (decimal): "16GiB", "512M", "2.5TB", "1000000". Throws
// std::invalid_argument naming the accepted units.
double parse_bytes(const std::string& text);

}  // namespace fleetsim::io
