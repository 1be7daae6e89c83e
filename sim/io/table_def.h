// A table declared once: each column's name, type, units, description and storage, and how its
// value is read from the record a row comes from (and, for plain struct fields, written back).
// The writer builds its tables from these declarations, fleetsim_schema prints them, and the
// summary reader reads /summary back through them, so none of them can disagree about a column.
#pragma once
#include <algorithm>
#include <cstdint>
#include <iterator>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "sim/io/h5_writer.h"

namespace fleetsim::io {

// The alternatives of Getter (and, shifted by one, of Setter) in this order.
enum class FieldType : std::uint8_t { kInt8, kInt32, kInt64, kFloat64, kString };
std::string_view type_name(FieldType t);  // "int8", "int32", "int64", "float64", "string"

template <class R>
using Getter =
    std::variant<std::int8_t (*)(const R&), std::int32_t (*)(const R&), std::int64_t (*)(const R&),
                 double (*)(const R&), std::string (*)(const R&)>;
template <class R>
using Setter =
    std::variant<std::monostate, void (*)(R&, std::int8_t), void (*)(R&, std::int32_t),
                 void (*)(R&, std::int64_t), void (*)(R&, double), void (*)(R&, std::string)>;

template <class R>
struct ColumnDef {
  std::string_view name, units, description;
  Getter<R> get;
  Setter<R> set;         // empty for computed columns: they cannot be read back into a record
  bool compress = true;  // see Column::compress
  FieldType type() const { return static_cast<FieldType>(get.index()); }
};

template <class R>
struct GroupDef {
  std::string_view name, description;
  std::string_view written;  // when the file has the group: "always" or the option that decides
  std::vector<ColumnDef<R>> columns;
};

// A column computed from the record; pass a function pointer (`+[](const R& r) -> T {...}`), so
// its type is the column's type.
template <class R, class T>
ColumnDef<R> computed(std::string_view name, std::string_view units, std::string_view description,
                      T (*get)(const R&), bool compress = true) {
  return ColumnDef<R>{name, units, description, get, {}, compress};
}

template <class>
struct MemberOf;
template <class R, class T>
struct MemberOf<T R::*> {
  using Record = R;
  using Value = T;
};

// A column that is a field of the record: member<&Record::field>(...). It can be read back.
template <auto M>
ColumnDef<typename MemberOf<decltype(M)>::Record> member(std::string_view name,
                                                         std::string_view units,
                                                         std::string_view description,
                                                         bool compress = true) {
  using R = typename MemberOf<decltype(M)>::Record;
  using T = typename MemberOf<decltype(M)>::Value;
  return ColumnDef<R>{name,
                      units,
                      description,
                      +[](const R& r) -> T { return r.*M; },
                      +[](R& r, T v) { r.*M = std::move(v); },
                      compress};
}

// An empty table with the group's columns, each reserved for `rows` rows.
template <class R>
Table make_table(const GroupDef<R>& group, std::size_t rows) {
  Table t;
  t.rows.reserve(rows);
  for (const ColumnDef<R>& c : group.columns)
    std::visit(
        [&](auto get) {
          using T = std::invoke_result_t<decltype(get), const R&>;
          if constexpr (std::is_same_v<T, std::string>) {
            throw std::logic_error(std::string(group.name) + "/" + std::string(c.name) +
                                   ": a table column cannot hold strings");
          } else {
            t.add<T>(std::string(c.name), std::string(c.units), std::string(c.description),
                     c.compress)
                .reserve(rows);
          }
        },
        c.get);
  return t;
}

namespace detail {
template <class R>
const R& deref(const R& r) {
  return r;
}
template <class R>
const R& deref(const R* r) {
  return *r;
}
template <class>
struct SecondArg;
template <class R, class T>
struct SecondArg<void (*)(R&, T)> {
  using type = T;
};
}  // namespace detail

// Appends one value per record to every column of `t` (made by make_table(group, ...)). The caller
// sets t.rows. `records` is a contiguous range of R or of const R*.
//
// Column by column, in blocks of records that stay in L1: one column at a time over a year's
// 500k jobs (scattered over the cluster LPs) re-read every record from memory once per column
// (40 ns a cell); row by row would dispatch on the column's type every cell. Within a block the
// column is sized once and written through a pointer. What remains is first touching the
// columns' fresh pages, as any writer must: the tables of a 100k-GPU year build in the time the
// hand-written code took.
template <class R, class Range>
void append_columns(Table& t, const GroupDef<R>& group, const Range& records) {
  constexpr std::size_t kBlock = 256;
  const std::size_t n = std::size(records);
  for (std::size_t first = 0; first < n; first += kBlock) {
    const std::size_t last = std::min(n, first + kBlock);
    for (std::size_t i = 0; i < group.columns.size(); ++i)
      std::visit(
          [&](auto get) {
            using T = std::invoke_result_t<decltype(get), const R&>;
            if constexpr (!std::is_same_v<T, std::string>) {
              auto& values = std::get<std::vector<T>>(t.columns[i].data);
              const std::size_t at = values.size();
              values.resize(at + (last - first));
              T* out = values.data() + at;
              for (std::size_t r = first; r < last; ++r) *out++ = get(detail::deref(records[r]));
            }
          },
          group.columns[i].get);
  }
}

template <class R>
void write_group(H5Writer& out, const GroupDef<R>& group, const Table& t) {
  out.write_table(std::string(group.name), t, std::string(group.description));
}

// Root attributes from a GroupDef whose columns are attributes (collective). H5Writer stores
// integers as int64.
template <class R>
void write_attributes(H5Writer& out, const GroupDef<R>& attributes, const R& values) {
  for (const ColumnDef<R>& a : attributes.columns)
    std::visit(
        [&](auto get) {
          using T = std::invoke_result_t<decltype(get), const R&>;
          if constexpr (std::is_integral_v<T>)
            out.attribute(std::string(a.name), static_cast<std::int64_t>(get(values)));
          else
            out.attribute(std::string(a.name), get(values));
        },
        a.get);
}

}  // namespace fleetsim::io
