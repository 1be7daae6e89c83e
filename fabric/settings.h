// The keys of one fabric description and where each value came from (FILE:LINE, or the command
// line's --fabric.KEY), so that every complaint about a value can name its file, line and key.
// Typed reads check ranges here; rules that tie keys together live in spec.cc.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "fabric/ini.h"

namespace fleetsim::fabric {

// A number as a person would type it (0.5, 400, 1e+06), for messages.
std::string format_number(double v);

// The scale-out tiers' names, bottom up; a fabric has at most this many tiers.
const std::vector<std::string>& tier_names();

// Every key a fabric file may set ("radix", "leaf.radix", "cost.gpu_usd", "site.NAME.gpus"...).
bool known_key(const std::string& key);
std::vector<std::string> known_keys();  // [site.NAME] shown as "site.NAME.gpus"

class Settings {
 public:
  explicit Settings(std::string source) : source_(std::move(source)) {}

  // Entries of the file; an unknown key is an error naming its line.
  void add_file(const std::vector<IniEntry>& entries);
  // `--fabric.KEY VALUE`: replaces the file's value; an unknown key is an error.
  void add_override(const std::string& key, const std::string& value);

  const std::string& source() const { return source_; }
  bool has(const std::string& key) const { return values_.count(key) > 0; }
  // "FILE:LINE: key 'K'", "command line --fabric.K" or "FILE: key 'K' (not set)".
  std::string where(const std::string& key) const;
  [[noreturn]] void fail(const std::string& key, const std::string& why) const;

  // Typed reads: the default when the key is not set; a value below `min` is an error.
  std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min) const;
  double real(const std::string& key, double fallback, double min) const;
  std::string text(const std::string& key, const std::string& fallback) const;
  bool boolean(const std::string& key, bool fallback) const;
  std::string choice(const std::string& key, const std::string& fallback,
                     const std::vector<std::string>& allowed) const;

  // NAMEs of the [site.NAME] sections, in the order they first appear.
  std::vector<std::string> sites() const;

 private:
  struct Value {
    std::string text;
    int line = 0;           // 0: from the command line
    std::size_t order = 0;  // first appearance, for sites()
  };
  std::string source_;
  std::map<std::string, Value> values_;
  std::size_t next_order_ = 0;
};

}  // namespace fleetsim::fabric
