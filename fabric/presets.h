// Fabric presets (fabric/presets/*.ini, compiled in by cmake/Embed.cmake) and loading a fabric
// by preset name or by the path of a user's .ini file.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "fabric/spec.h"

namespace fleetsim::fabric {

struct PresetInfo {
  std::string name, description;
};

// Every preset, by name, with its `description` line.
std::vector<PresetInfo> list_presets();

// The preset's text, or "" when there is none by that name.
std::string preset_text(const std::string& name);

using Overrides = std::vector<std::pair<std::string, std::string>>;  // key, value

// A preset name or a path to an .ini file, then `--fabric.KEY VALUE` overrides on top. Throws
// FabricError naming file, line and key on bad input.
FabricSpec load_fabric(const std::string& name_or_path, const Overrides& overrides = {});

// The same from a text (tests): `source` names it in messages.
FabricSpec parse_fabric(const std::string& text, const std::string& source,
                        const Overrides& overrides = {});

}  // namespace fleetsim::fabric
