// "FILE[:FORMAT]", the way every trace and failure-log option names its input.
#pragma once
#include <string>

namespace fleetsim::traces {

// What a kind of input knows: its name in messages ("trace", "failure-log"), whether a format
// name is one of its formats, and their list for messages.
struct FormatNames {
  const char* kind;
  bool (*known)(const std::string& format);
  const char* list;
};

// Splits off a ":FORMAT" suffix: the text after the last ':' when it is not empty and holds no
// '/' (so "dir:x/file" is a path). Returns false, with `path` = `text`, when there is none;
// throws TraceError when the suffix is not one of `names`' formats.
bool split_format_suffix(const std::string& text, const FormatNames& names, std::string& path,
                         std::string& format);

// Throws TraceError "WHAT: unknown KIND format 'FORMAT' (known: LIST)".
[[noreturn]] void unknown_format(const std::string& what, const FormatNames& names,
                                 const std::string& format);
// Throws TraceError: the format is neither given nor known from the name.
[[noreturn]] void unnamed_format(const std::string& text, const FormatNames& names);

}  // namespace fleetsim::traces
