#include "traces/json_array.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "traces/line_reader.h"
#include "traces/row_error.h"
#include "traces/text.h"

namespace fleetsim::traces {

namespace {

using json = nlohmann::json;

// nlohmann's message without its "[json.exception.parse_error.101] " tag, the token it quotes
// (which may be a whole line of binary input) shortened and escaped.
std::string json_reason(const json::exception& e) {
  std::string m = e.what();
  if (m.starts_with("[json.exception.")) m.erase(0, m.find("] ") + 2);
  const auto open = m.find('\''), close = m.rfind('\'');
  if (open != std::string::npos && close > open)
    m = m.substr(0, open) + quote(std::string_view(m).substr(open + 1, close - open - 1)) +
        m.substr(close + 1);
  return m;
}

}  // namespace

json read_json_array(const std::string& path, const char* items) {
  check_input_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TraceError(path + ": cannot open file: " + std::strerror(errno));
  if (in.peek() == std::ifstream::traits_type::eof())
    throw TraceError(at_record(path, 1) + ": field (record): the file is empty");

  // Where the parser is, for messages: elements of the top array begun, whether the last one is
  // still open, and the last key read in it (nested keys are reported by their top-level key).
  std::int64_t record = 0;
  bool open = false;
  std::string field = "(record)";
  const json::parser_callback_t where = [&](int depth, json::parse_event_t ev, json& value) {
    using E = json::parse_event_t;
    if (depth == 1 && (ev == E::object_start || ev == E::array_start || ev == E::value)) {
      ++record;
      open = ev != E::value;
      field = "(record)";
    } else if (depth == 1 && (ev == E::object_end || ev == E::array_end)) {
      open = false;
    } else if (depth == 2 && ev == E::key) {
      field = field_name(value.get_ref<const std::string&>());
    }
    return true;
  };
  json doc;
  try {
    doc = json::parse(in, where);
  } catch (const json::exception& e) {
    const std::int64_t at = open ? record : record + 1;
    throw TraceError(field_message(
        at_record(path, at), {open ? field : "(record)", "not valid JSON: " + json_reason(e)}));
  }
  if (!doc.is_array())
    throw TraceError(at_record(path, 1) + ": field (record): expected a JSON array of " + items);
  return doc;
}

}  // namespace fleetsim::traces
