// A strict INI lexer: `key = value`, `[section]`, `#` or `;` comments, blank lines. Anything else
// is an error naming the file and line. Keys inside a section are returned as "section.key".
// Boost.Program_options reads INI too, but reports neither line numbers nor duplicated keys.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace fleetsim::io {

struct IniEntry {
  std::string key;    // "section.key" or "key"
  std::string value;  // trimmed
  int line = 0;
};

// Throws std::invalid_argument("SOURCE:LINE: ...") on a malformed or duplicated line.
std::vector<IniEntry> parse_ini(std::string_view text, const std::string& source);

// Reads a file and parses it; throws std::invalid_argument naming the file when unreadable.
std::vector<IniEntry> read_ini_file(const std::string& path);

}  // namespace fleetsim::io
