// Reads a group (or the root attributes) back into records through its declaration
// (sim/io/table_def.h): the inverse of make_table/append_columns for fields that are members.
#pragma once
#include <string>
#include <vector>

#include "sim/io/h5_reader.h"
#include "sim/io/table_def.h"

namespace fleetsim::io {

// One record per row of the group; computed columns (no setter) are skipped. Throws
// std::runtime_error naming the file and the dataset when one is missing or lengths differ.
template <class R>
std::vector<R> read_group(const H5Reader& file, const GroupDef<R>& group) {
  std::vector<R> out;
  bool sized = false;
  for (const ColumnDef<R>& c : group.columns) {
    std::string name(1, '/');  // appended piecewise: "/" + string trips GCC 12's -Wrestrict
    name.append(group.name).append(1, '/').append(c.name);
    std::visit(
        [&](auto set) {
          using Set = decltype(set);
          if constexpr (!std::is_same_v<Set, std::monostate>) {
            using T = std::decay_t<typename detail::SecondArg<Set>::type>;
            if constexpr (!std::is_same_v<T, std::string>) {
              const auto values = file.dataset<T>(name);
              if (!sized) out.resize(values.size());
              sized = true;
              if (values.size() != out.size())
                throw std::runtime_error(file.path() + ": " + name + " differs in length");
              for (std::size_t i = 0; i < values.size(); ++i) set(out[i], values[i]);
            }
          }
        },
        c.set);
  }
  return out;
}

// The root attributes declared in `attributes` (a GroupDef whose columns are attributes).
template <class R>
R read_attributes(const H5Reader& file, const GroupDef<R>& attributes) {
  R out;
  for (const ColumnDef<R>& c : attributes.columns)
    std::visit(
        [&](auto set) {
          using Set = decltype(set);
          if constexpr (!std::is_same_v<Set, std::monostate>) {
            using T = std::decay_t<typename detail::SecondArg<Set>::type>;
            // Integers of any width are stored as int64 attributes (H5Writer's API).
            if constexpr (std::is_integral_v<T>)
              set(out, static_cast<T>(file.attribute<std::int64_t>(std::string(c.name))));
            else
              set(out, file.attribute<T>(std::string(c.name)));
          }
        },
        c.set);
  return out;
}

}  // namespace fleetsim::io
