// Splits one CSV line (RFC 4180 without line breaks inside fields): commas separate fields, a
// field in double quotes may hold commas and "" for a quote.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace fleetsim::traces {

// False when a quoted field is not closed (the row is malformed).
bool split_csv(std::string_view line, std::vector<std::string>& fields);

}  // namespace fleetsim::traces
