// The kinds of component that fail, one list from failure log to output: a node's parts (drawn by
// pods from the cause mix below, or mapped from a failure log's component field), the fabric's
// switches and links (drawn by the fabric LPs, sim/model/fabric_lp.h), and planned maintenance.
// /failures/component holds the enum's value; docs/output.md lists the names.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace fleetsim::core {

enum class Component : std::uint8_t {
  kGpu = 0,          // the GPU itself, NVLink included (Llama 3: "Faulty GPU")
  kHbm = 1,          // GPU HBM memory
  kGpuSram = 2,      // GPU SRAM (caches, register file)
  kGpuSystem = 3,    // GPU system processor (GSP), thermal interface and sensors
  kNic = 4,          // the node's network adapter
  kHost = 5,         // CPU, host memory, SSD, power supply, chassis
  kSoftware = 6,     // software bugs, NCCL watchdog timeouts, silent data corruption
  kOther = 7,        // dependencies, "other", "unknown"
  kLink = 8,         // a GPU-to-leaf cable or transceiver, failed for good (repaired)
  kLinkFlap = 9,     // the same link down for a moment
  kLeafSwitch = 10,  // a leaf (ToR, rail) switch
  kSpineSwitch = 11,
  kCoreSwitch = 12,
  kMaintenance = 13,  // planned: jobs checkpoint first, then the node goes down for its window
  kUplink = 14,       // a switch-to-switch cable or optic: its tier loses that link's bandwidth
  kRackPower = 15,    // a rack's power feed: every server in the rack
  kWanPath = 16,      // one of a site's WAN paths (jobs spanning sites: sim/model/span/)
};
constexpr int kComponentKinds = 17;

constexpr std::array<std::string_view, kComponentKinds> kComponentNames = {
    "gpu",         "hbm",         "gpu_sram", "gpu_system", "nic",         "host",
    "software",    "other",       "link",     "link_flap",  "leaf_switch", "spine_switch",
    "core_switch", "maintenance", "uplink",   "rack_power", "wan_path"};

constexpr std::string_view name(Component c) { return kComponentNames[static_cast<int>(c)]; }

constexpr std::optional<Component> component_named(std::string_view text) {
  for (int i = 0; i < kComponentKinds; ++i)
    if (kComponentNames[i] == text) return static_cast<Component>(i);
  return std::nullopt;
}

// The node-level causes of Llama 3 405B's 419 unexpected interruptions in 54 days on 16,384 H100
// (Dubey et al., "The Llama 3 Herd of Models", 2024, Table 5), grouped into the kinds above.
// The network's own rows ("Network Switch/Cable" 35, "IO Network" 2) are left out: the fabric
// LPs draw switch and link failures at their own rates. A node failure's cause is drawn with
// these weights (counts: 382 of the 419; with the network's 37 they make the table's total).
struct CauseWeight {
  Component kind;
  int count;  // interruptions in the Llama 3 table
};
constexpr std::array<CauseWeight, 8> kLlama3NodeCauses = {{
    {Component::kGpu, 148},       // Faulty GPU
    {Component::kHbm, 72},        // GPU HBM3 Memory
    {Component::kGpuSram, 19},    // GPU SRAM Memory
    {Component::kGpuSystem, 23},  // GPU System Processor 17, Thermal Interface + Sensor 6
    {Component::kNic, 7},         // NIC
    {Component::kHost, 44},       // Host Maintenance (unplanned) 32, SSD 3, Power Supply 3,
                                  // Server Chassis 2, CPU 2, System Memory 2
    {Component::kSoftware, 67},   // Software Bug 54, NCCL Watchdog Timeouts 7, Silent Data
                                  // Corruption 6
    {Component::kOther, 2},       // Dependency 2
}};

}  // namespace fleetsim::core
