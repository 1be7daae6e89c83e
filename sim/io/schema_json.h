// The output schema (sim/io/columns.cc) as JSON, for fleetsim_schema and the checks that keep
// docs/output.md and analysis/fleetsim_analysis/schema.py in step with it.
#pragma once
#include <string>

namespace fleetsim::io {

// {"schema_version": N, "root_attributes": [FIELD...], "groups": [{"name", "description",
// "written", "fields": [FIELD...]}...]}, FIELD = {"name", "type", "units", "description"}; in
// file declaration order.
std::string schema_json();

}  // namespace fleetsim::io
