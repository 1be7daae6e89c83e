// What failed, as a failure log says it, mapped onto the fleet's component kinds
// (core/component.h).
//
// One table per log format, of rules (key, detail, kind), matched case-insensitively on values
// with their surrounding spaces trimmed. The key and detail are the log's fields:
//   stepfun  Class / Desc              (fault_type.Class, fault_type.Desc)
//   lanl     blame column / its text   (FailureRecord::cause / FailureRecord::text: the Hardware
//                                       column's text is the failed part, LANL's `fru type`
//                                       column holds only "part" or "node")
//   native   the `component` column, which takes the kind names themselves (kComponentNames)
//   fta      no table: component_id is a number that names no kind of part
// A rule with an empty detail matches any detail of its key; a rule with a detail wins over it.
// A value no rule matches is *unmapped*: it becomes core::Component::kOther and is counted with
// the value (ComponentMix), so that `fleetsim trace failures` and a run's banner say what the
// table misses. Values the table maps to `other` on purpose ("Unknown Error") are mapped.
// docs/traces.md lists the tables and the mixes of the real logs.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/component.h"
#include "traces/failure_record.h"

namespace fleetsim::traces {

struct ComponentRule {
  std::string_view key;     // StepFun Class, LANL blame column
  std::string_view detail;  // StepFun Desc, LANL blame text; empty: any
  core::Component kind;
};

// The table of a format; empty for formats without one (fta, and native, which names kinds).
std::span<const ComponentRule> component_rules(std::string_view format);

struct MappedComponent {
  core::Component kind = core::Component::kOther;
  bool mapped = false;
};

// Case-insensitive lookup of a component kind's name ("GPU", "hbm", "Link_Flap").
std::optional<core::Component> component_named_nocase(std::string_view name);
// "gpu, hbm, ..., maintenance", for messages.
std::string component_name_list();

// The kind of one record of a log in `format` (stepfun, lanl, native, fta).
MappedComponent map_component(std::string_view format, const FailureRecord& r);
// How an unmapped record's value is reported: "Class: Desc" (StepFun; just "Class" when no rule
// has that class), "Hardware: Vhisp" (LANL), the component field (native, fta), "(none)" empty.
std::string unmapped_value(std::string_view format, const FailureRecord& r);

// Sets kind and kind_mapped of every record of a log in `format`.
void map_components(std::string_view format, std::vector<FailureRecord>& records);

struct ComponentMix {
  std::array<std::int64_t, core::kComponentKinds> kinds{};  // failures per kind
  std::int64_t unmapped = 0;                                // failures no rule matched
  // The unmapped values with their counts, most frequent first (ties by value).
  std::vector<std::pair<std::string, std::int64_t>> unmapped_values;
};

// The mix of mapped records (map_components must have run on them).
ComponentMix component_mix(std::string_view format, const std::vector<FailureRecord>& records);

}  // namespace fleetsim::traces
