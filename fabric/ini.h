// A strict INI lexer for fabric files: `key = value`, `[section]`, `#` or `;` comments (also after
// a value, preceded by whitespace), blank lines. Anything else is an error naming the file and
// line. Keys inside a section come back as "section.key".
// sim/io has the same lexer, but fabric/ may not link sim/io (HDF5, MPI): this is its own copy.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace fleetsim::fabric {

struct IniEntry {
  std::string key;    // "section.key" or "key"
  std::string value;  // trimmed, trailing comment removed
  int line = 0;
};

// Throws FabricError("SOURCE:LINE: ...") on a malformed line or a key set twice.
std::vector<IniEntry> parse_ini(std::string_view text, const std::string& source);

}  // namespace fleetsim::fabric
