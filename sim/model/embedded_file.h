// A text file compiled into the binary (see cmake/Embed.cmake): the default scenario and the
// layouts ship inside `fleetsim`, so the main job needs no files beside it.
#pragma once
#include <string_view>
#include <vector>

namespace fleetsim {

struct EmbeddedFile {
  std::string_view name;  // file stem, e.g. "10x10k"
  std::string_view text;
};

}  // namespace fleetsim
