#include "sim/io/schema_json.h"

#include <cstdio>

#include "sim/io/columns.h"
#include "sim/io/run_output.h"

namespace fleetsim::io {
namespace {

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string fields_json(const std::vector<FieldInfo>& fields, const char* indent) {
  std::string out = "[";
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const FieldInfo& f = fields[i];
    out += (i ? ",\n" : "\n") + std::string(indent) + "{\"name\": " + quoted(f.name) +
           ", \"type\": " + quoted(f.type) + ", \"units\": " + quoted(f.units) +
           ", \"description\": " + quoted(f.description) + "}";
  }
  return out + "]";
}

}  // namespace

std::string schema_json() {
  std::string out = "{\"schema_version\": " + std::to_string(kSchemaVersion) + ",\n";
  out += " \"root_attributes\": " + fields_json(root_attributes_info(), "  ") + ",\n";
  out += " \"groups\": [";
  const auto groups = groups_info();
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const GroupInfo& g = groups[i];
    out += std::string(i ? ",\n" : "\n") + "  {\"name\": " + quoted(g.name) +
           ", \"description\": " + quoted(g.description) + ", \"written\": " + quoted(g.written) +
           ",\n   \"fields\": " + fields_json(g.fields, "    ") + "}";
  }
  return out + "]}\n";
}

}  // namespace fleetsim::io
