// Layouts: how the fabric's pods are cut into clusters, embedded (layouts/*.ini) or
// read from a user's .ini file.
#pragma once
#include <string>
#include <vector>

#include "sim/model/config.h"

namespace fleetsim::io {

// Resolves a layout name (embedded: giant, 4x25k, 10x10k, ...) or a path to an .ini file.
// Throws ConfigError naming the file and line.
model::Layout load_layout(const std::string& name_or_path);
std::vector<std::string> embedded_layout_names();

}  // namespace fleetsim::io
