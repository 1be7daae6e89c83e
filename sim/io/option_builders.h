// Typed option builders: each makes an OptionSpec whose getter prints a field of the scenario and
// whose setter parses text into it, so the option table (scenario_options.cc) is one line per
// option. `Field` is a callable Scenario& -> T& picking the field.
#pragma once
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/io/option_text.h"
#include "sim/io/scenario.h"
#include "sim/io/units.h"

namespace fleetsim::io {

// A duration ("30d", "10min"; sim/io/units.h).
template <class Field>
OptionSpec duration(std::string name, std::string help, Field field) {
  return {std::move(name), std::move(help),
          [field](const Scenario& s) { return format_duration(field(const_cast<Scenario&>(s))); },
          [field](Scenario& s, const std::string& v) { field(s) = parse_duration(v); }};
}

// A finite double.
template <class Field>
OptionSpec number(std::string name, std::string help, Field field) {
  return {std::move(name), std::move(help),
          [field](const Scenario& s) { return format_double(field(const_cast<Scenario&>(s))); },
          [field](Scenario& s, const std::string& v) { field(s) = parse_double(v); }};
}

// A whole number that must fit the field's type (no silent truncation).
template <class Field>
OptionSpec integer(std::string name, std::string help, Field field) {
  return {std::move(name), std::move(help),
          [field](const Scenario& s) { return std::to_string(field(const_cast<Scenario&>(s))); },
          [field](Scenario& s, const std::string& v) {
            using T = std::remove_reference_t<decltype(field(s))>;
            const long long x = parse_integer(v);
            if (!std::in_range<T>(x)) throw std::invalid_argument("'" + v + "' is out of range");
            field(s) = static_cast<T>(x);
          }};
}

// One of a fixed set of names, each standing for a value of E; the help lists the names.
template <class E, class Field>
OptionSpec choice(std::string name, std::string help, std::vector<std::pair<std::string, E>> names,
                  Field field) {
  std::string all;
  for (const auto& [n, e] : names) all += (all.empty() ? "" : ", ") + n;
  help += " (" + all + ")";
  return {std::move(name), std::move(help),
          [field, names](const Scenario& s) {
            for (const auto& [n, e] : names)
              if (e == field(const_cast<Scenario&>(s))) return n;
            return std::string("?");
          },
          [field, names, all](Scenario& s, const std::string& v) {
            for (const auto& [n, e] : names)
              if (n == v) {
                field(s) = e;
                return;
              }
            throw std::invalid_argument("'" + v + "' is not one of " + all);
          }};
}

}  // namespace fleetsim::io
