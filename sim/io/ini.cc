#include "sim/io/ini.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "traces/text.h"

namespace fleetsim::io {
namespace {
std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}
bool valid_name(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'))
      return false;
  return true;
}
}  // namespace

std::vector<IniEntry> parse_ini(std::string_view text, const std::string& source) {
  // An editor's byte-order mark would stick, unseen, to the first key.
  text = traces::strip_utf8_bom(text);
  std::vector<IniEntry> out;
  std::map<std::string, int> seen;
  std::string section;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto end = std::min(text.find('\n', pos), text.size());
    const std::string line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_no;
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    auto fail = [&](const std::string& why) {
      throw std::invalid_argument(source + ":" + std::to_string(line_no) + ": " + why);
    };
    if (line.front() == '[') {
      if (line.back() != ']')
        fail("unparsable line " + traces::quote(line) + ": a section needs a closing ]");
      section = trim(std::string_view(line).substr(1, line.size() - 2));
      if (!valid_name(section)) fail("invalid section name " + traces::quote(section));
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string::npos)
      fail("unparsable line " + traces::quote(line) + ": expected 'key = value'");
    const std::string key = trim(std::string_view(line).substr(0, eq));
    if (!valid_name(key))
      fail("unparsable line " + traces::quote(line) + ": invalid key " + traces::quote(key));
    std::string value = trim(std::string_view(line).substr(eq + 1));
    // Trailing comments after a value: " # ..." (a '#' preceded by whitespace).
    for (std::size_t i = 1; i < value.size(); ++i)
      if ((value[i] == '#' || value[i] == ';') && (value[i - 1] == ' ' || value[i - 1] == '\t')) {
        value = trim(std::string_view(value).substr(0, i));
        break;
      }
    const std::string full = section.empty() ? key : section + "." + key;
    if (auto [it, inserted] = seen.emplace(full, line_no); !inserted)
      fail("'" + full + "' is set twice (first on line " + std::to_string(it->second) + ")");
    out.push_back({full, value, line_no});
  }
  return out;
}

std::vector<IniEntry> read_ini_file(const std::string& path) {
  // A directory opens as an empty stream on Linux: it would read as an empty config.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw std::invalid_argument(path + ": is a directory, not an INI file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument(path + ": cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw std::invalid_argument(path + ": cannot read file");
  return parse_ini(text.str(), path);
}

}  // namespace fleetsim::io
