// "FILE[:FORMAT]", the way every trace and failure-log option names its input.
#pragma once
#include <string>

namespace fleetsim::traces {

// Splits off a ":FORMAT" suffix: the text after the last ':' when it is not empty and holds no
// '/' (so "dir:x/file" is a path). Returns false, leaving `path` = `text`, when there is none.
bool split_format_suffix(const std::string& text, std::string& path, std::string& format);

}  // namespace fleetsim::traces
