// The text forms of option values: numbers, integers and lists, strict both ways (a value either
// parses completely or throws std::invalid_argument quoting it).
#pragma once
#include <string>
#include <vector>

namespace fleetsim::io {

// The shortest text that reads back as the same double.
std::string format_double(double v);
// A finite number, nothing before or after it.
double parse_double(const std::string& v);
// A whole number within long long.
long long parse_integer(const std::string& v);
// "a b,c  d" -> {a, b, c, d}: items separated by blanks and/or commas.
std::vector<std::string> split_list(const std::string& v);
// {a, b} -> "a b".
std::string join(const std::vector<std::string>& items);

}  // namespace fleetsim::io
