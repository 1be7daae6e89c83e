#include "traces/csv_trace_reader.h"

#include "traces/csv.h"
#include "traces/datetime.h"
#include "traces/limits.h"
#include "traces/text.h"

namespace fleetsim::traces {

const std::string& CsvRow::str(const std::string& name) const {
  auto it = columns_.find(name);
  // The index check is a second guard: next() passes only rows as wide as the header.
  if (it == columns_.end() || static_cast<std::size_t>(it->second) >= fields_.size())
    throw FieldError{name, "missing column"};
  return fields_[static_cast<std::size_t>(it->second)];
}

double CsvRow::number(const std::string& name) const { return number_field(str(name), name); }

double CsvRow::time(const std::string& name) const {
  const std::string& v = str(name);
  double out = 0;
  if (!parse_datetime(v, out))
    throw FieldError{name, quote(v) + " is not a time (YYYY-MM-DD HH:MM:SS[+HH:MM])"};
  return time_field(out, v, name);
}

std::int32_t TenantIds::operator()(const std::string& name) {
  if (name.empty()) return -1;
  return ids_.emplace(name, static_cast<std::int32_t>(ids_.size())).first->second;
}

CsvTraceReader::CsvTraceReader(const std::string& path, const CsvFormat& format,
                               const ReadOptions& opts)
    : format_(format), opts_(opts), in_(path) {
  for (std::size_t i = 0; i < format_.columns.size(); ++i)
    columns_[format_.columns[i]] = static_cast<int>(i);
  if (!format_.hash_comments || !columns_.empty()) return;
  // Read the '#' header fields (machine_devices) and the column header now, so that they are
  // known before the first row.
  std::string_view line;
  while (in_.next(line)) {
    ++counts_.lines;
    if (line.empty() || line.front() == '#') {
      ++counts_.comments;
      if (!line.empty()) comment(line.substr(1));
      continue;
    }
    if (!split(line))
      throw TraceError(at_line(in_.path(), in_.line_number()) + ": field (header): unclosed quote");
    take_header();
    break;
  }
}

bool CsvTraceReader::split(std::string_view line) {
  if (format_.separator == ',') return split_csv(line, fields_);
  // sacct --parsable2: '|' separated, no quoting.
  fields_.clear();
  std::size_t start = 0;
  for (;;) {
    const auto bar = line.find(format_.separator, start);
    fields_.emplace_back(
        line.substr(start, bar == std::string_view::npos ? line.npos : bar - start));
    if (bar == std::string_view::npos) return true;
    start = bar + 1;
  }
}

void CsvTraceReader::take_header() {
  ++counts_.comments;
  // A name twice would leave fewer names than columns: a row as wide as the names would then be
  // read past its end (found by fuzz/fuzz_sacct; tests/data/fuzz/sacct).
  for (std::size_t i = 0; i < fields_.size(); ++i) {
    const auto [at, added] = columns_.emplace(fields_[i], static_cast<int>(i));
    if (!added)
      throw TraceError(
          field_message(at_line(in_.path(), in_.line_number()),
                        {field_name(fields_[i]), "named twice in the header (columns " +
                                                     std::to_string(at->second + 1) + " and " +
                                                     std::to_string(i + 1) + ")"}));
  }
  for (const auto& r : format_.required)
    if (!columns_.count(r))
      throw TraceError(field_message(
          at_line(in_.path(), in_.line_number()),
          {r, std::string("missing from the header (is this a ") + format_.name + " file?)"}));
}

void CsvTraceReader::comment(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return;
  const std::string key(trim(text.substr(0, colon))), value(trim(text.substr(colon + 1)));
  if (key.empty() || key.find(' ') != std::string::npos) return;
  header_.emplace(key, value);
  if (key == "machine_devices") {
    double v = 0;
    if (parse_number(value, v) && v > 0 && devices_ok(v)) machine_devices_ = v;
  }
}

void CsvTraceReader::reject(const FieldError& e) {
  reject_row(counts_, opts_.bad_rows, opts_.unusable_is_error,
             at_line(in_.path(), in_.line_number()), e);
}

bool CsvTraceReader::next(TraceJob& job) {
  std::string_view line;
  while (in_.next(line)) {
    ++counts_.lines;
    if (line.empty()) {
      ++counts_.comments;
      continue;
    }
    if (format_.hash_comments && line.front() == '#') {
      ++counts_.comments;
      comment(line.substr(1));
      continue;
    }
    if (!split(line)) {
      reject({"(line)", "unclosed quote"});
      continue;
    }
    if (columns_.empty()) {  // the header line
      take_header();
      continue;
    }
    if (fields_.size() != columns_.size()) {
      std::string field = "(line)";
      for (const auto& [n, i] : columns_)
        if (i == static_cast<int>(std::min(fields_.size(), columns_.size() - 1)))
          field = field_name(n);
      reject({field, std::to_string(fields_.size()) + " fields, expected " +
                         std::to_string(columns_.size())});
      continue;
    }
    const CsvRow row(fields_, columns_);
    try {
      if (format_.exclude) {
        if (const char* why = format_.exclude(row)) {
          counts_.skip(why, at_line(in_.path(), in_.line_number()) + ": " + why);
          continue;
        }
      }
      job = TraceJob{};
      format_.parse(row, job, tenants_);
      if (format_.partition_column && row.has(format_.partition_column))
        job.partition =
            partitions_.intern(row.str(format_.partition_column), format_.partition_column);
    } catch (const FieldError& e) {
      reject(e);
      continue;
    }
    job.line = in_.line_number();
    ++counts_.jobs;
    return true;
  }
  if (columns_.empty())
    throw TraceError(at_line(in_.path(), 1) + ": field (header): the file is empty");
  return false;
}

}  // namespace fleetsim::traces
