#include "traces/component_map.h"

#include <algorithm>
#include <map>

#include "traces/text.h"

namespace fleetsim::traces {

namespace {

using core::Component;
constexpr Component kGpu = Component::kGpu, kHbm = Component::kHbm,
                    kGpuSystem = Component::kGpuSystem, kNic = Component::kNic,
                    kHost = Component::kHost, kSoftware = Component::kSoftware,
                    kOther = Component::kOther, kLink = Component::kLink,
                    kLeafSwitch = Component::kLeafSwitch, kMaintenance = Component::kMaintenance;

// StepFun fault trace (InfiniteHBD, SIGCOMM'25): fault_type.Class, refined by fault_type.Desc.
// Counts are fault_starts of the published 584-fault trace (fault_statistics.json beside it).
// The grouping follows Llama 3's (core/component.h): ECC errors are HBM, thermal trouble is the
// GPU system's, silent data corruption is software, fans and power supplies are the host's.
constexpr ComponentRule kStepfun[] = {
    // GPU 158: double- (60) and single-bit (1) ECC errors over threshold are errors of the GPU's
    // memory, HBM on these GPUs.
    {"GPU", "GPU DBE(Double Bit ECC) > Threshold", kHbm},
    {"GPU", "GPU SBE(Single Bit ECC) > Threshold", kHbm},
    // "GPU Temperature High" 2: Llama 3's "Thermal Interface + Sensor", grouped with the GSP.
    {"GPU", "GPU Temperature High", kGpuSystem},
    // "Silent Data Corruption" 1: software, as Llama 3 groups it.
    {"GPU", "Silent Data Corruption", kSoftware},
    // The rest of class GPU is the GPU itself: device unknown error 40, PCIe link width low 25,
    // xid error 11, nvidia-smi timeout 9, lost 5, P2P (NVLink) bandwidth low 3, not found 1.
    {"GPU", "", kGpu},
    // Classes the published trace does not use but a fuller export of the same taxonomy may
    // (an assumption): NVLink and XID faults are the GPU's, ECC and HBM faults its memory's.
    {"NVLink", "", kGpu},
    {"XID", "", kGpu},
    {"ECC", "", kHbm},
    {"HBM", "", kHbm},
    // "Parameter Plane Cable" 40, all "Link Down": a cable of the training (parameter-plane)
    // network, between a GPU's NIC and its leaf: fleetsim's link.
    {"Parameter Plane Cable", "", kLink},
    // NIC 30: RDMA NIC GID error 11, link speed low 10, lost 8, PCIe link width low 1.
    {"NIC", "", kNic},
    // The server around the GPUs: Fan 33 (speed critical, redundancy lost), Power Supply 26,
    // Motherboard 4, CPU 3 (machine check, configuration), Motherboard Battery 1, RAID Card 1,
    // Riser Card 1.
    {"Fan", "", kHost},
    {"Power Supply", "", kHost},
    {"Motherboard", "", kHost},
    {"Motherboard Battery", "", kHost},
    {"CPU", "", kHost},
    {"RAID Card", "", kHost},
    {"Riser Card", "", kHost},
    // Level "Software Failure": Software Tool 7 (kubelet data absent), File System 3, Operating
    // System 1 (kernel panic), Firmware 1 (mismatch). "Other Failures" 13 is below: its Desc is
    // "Unknown Error" whatever the level.
    {"Software Tool", "", kSoftware},
    {"File System", "", kSoftware},
    {"Operating System", "", kSoftware},
    {"Firmware", "", kSoftware},
    // Planned changes: "Change" 4 is 3 "Y-cables Taken offline" (maintenance) and 1 "Remote
    // Optical Module Failure" (a transceiver: the link). "Test" 2, "Temporarily Offline": taken
    // out to be tested.
    {"Change", "Remote Optical Module Failure", kLink},
    {"Change", "", kMaintenance},
    {"Test", "", kMaintenance},
    // No part named, on purpose `other` (mapped, not counted as unmapped): "Unknown Error" 144,
    // "Stress Test Failure" 97 (a node that failed the burn-in, Desc "Unknown Error"), "Training
    // Task Troubleshooting" 14 ("Suspect Machine Offline": taken out while a job's failure is
    // investigated), "Other Failures" 13, "System Crash" 1 ("Server down").
    {"Unknown Error", "", kOther},
    {"Stress Test Failure", "", kOther},
    {"Training Task Troubleshooting", "", kOther},
    {"Other Failures", "", kOther},
    {"System Crash", "", kOther},
};

// LANL failure data 1996-2005 (Schroeder & Gibson, DSN'06): the blame column that is filled
// (FailureRecord::cause), refined by its text. The Hardware column's text is the failed part
// (LANL's own `fru type` column says only "part" 22,243 or "node" 1,370). Counts: the 23,739
// rows. LANL's systems are CPU machines: host parts are most of it, and only its 40 graphics
// accelerators are GPUs.
constexpr ComponentRule kLanl[] = {
    // Hardware 14,341. The node's processors, memory, boards, disks, power and cooling: host.
    {"Hardware", "CPU", kHost},            // 5,931
    {"Hardware", "Memory Dimm", kHost},    // 2,880
    {"Hardware", "Node Board", kHost},     // 915
    {"Hardware", "Power Supply", kHost},   // 593
    {"Hardware", "Disk Drive", kHost},     // 272
    {"Hardware", "System Board", kHost},   // 125
    {"Hardware", "PCI Backplane", kHost},  // 116
    {"Hardware", "PCI Back Plane", kHost},
    {"Hardware", "Bach Plane Assembly", kHost},  // sic
    {"Hardware", "Fan Assembly", kHost},         // 103
    {"Hardware", "Fan", kHost},
    {"Hardware", "40MM Cooling Fan", kHost},
    {"Hardware", "Heatsink bracket", kHost},
    {"Hardware", "Temp Probe", kHost},
    {"Hardware", "Mid-plane", kHost},  // 73
    {"Hardware", "Memory Module", kHost},
    {"Hardware", "Memory Dimm/CPU", kHost},
    {"Hardware", "SSD Memory Module", kHost},
    {"Hardware", "SSD Logic", kHost},
    {"Hardware", "IOS CPU", kHost},  // the I/O subsystem's processor, memory and logic
    {"Hardware", "IOS Buffer Memory", kHost},
    {"Hardware", "IOS Disk Logic", kHost},
    {"Hardware", "IO6", kHost},  // SGI Origin base I/O board
    {"Hardware", "PCI IO Module", kHost},
    {"Hardware", "PCI Shoebox", kHost},
    {"Hardware", "Riser Card", kHost},
    {"Hardware", "System Controller", kHost},
    {"Hardware", "Console Interface Module", kHost},
    {"Hardware", "Module Assembly", kHost},
    {"Hardware", "Drive Cage", kHost},
    {"Hardware", "Wire Harness", kHost},
    {"Hardware", "Power cord", kHost},
    {"Hardware", "Rack Power Distribution Unit", kHost},
    {"Hardware", "CD ROM", kHost},
    {"Hardware", "IDE Cable", kHost},
    // Storage attached to the node (Fibre Channel, SCSI, SAN): its disks and adapters, host.
    {"Hardware", "PCI Fibre Channel Adapter", kHost},  // 100
    {"Hardware", "PCI Fibre Channel Adaptor", kHost},
    {"Hardware", "Fibre Channel Port Adapter", kHost},
    {"Hardware", "KGPSA", kHost},  // DEC/Compaq PCI Fibre Channel adapter
    {"Hardware", "Fibre HBA", kHost},
    {"Hardware", "Fibre Raid Controller", kHost},  // 82
    {"Hardware", "Fibre Raid Power Supply", kHost},
    {"Hardware", "Fibre Raid LCC card", kHost},
    {"Hardware", "Fibre Raid Midplane", kHost},
    {"Hardware", "Fibre Drive", kHost},
    {"Hardware", "Fibre Cable", kHost},
    {"Hardware", "SAN Controller", kHost},  // also "SAN controller": matching ignores case
    {"Hardware", "SAN Disk Drive", kHost},
    {"Hardware", "SAN Shelf", kHost},
    {"Hardware", "SAN GBIC", kHost},
    {"Hardware", "SAN Switch", kHost},
    {"Hardware", "SAN Appliance", kHost},
    {"Hardware", "SAN Fiber Cable", kHost},
    {"Hardware", "SCSI Drive", kHost},
    {"Hardware", "SCSI Controller", kHost},
    {"Hardware", "PCI SCSI Controller", kHost},
    {"Hardware", "SCSI Adapter Card", kHost},
    {"Hardware", "SCSI Card", kHost},
    {"Hardware", "Disk Cabinet", kHost},
    // "Maintenance" 734 in the Hardware column: hardware work that took the node down, not a
    // scheduled window (those are the Software column's DST rows below): Llama 3 counts
    // "Host Maintenance (unplanned)" as the host's.
    {"Hardware", "Maintenance", kHost},
    // Graphics accelerators (graphics nodes' cards and their power): the log's only GPUs.
    {"Hardware", "Graphics Accel Hdwr", kGpu},  // 39
    {"Hardware", "Graphics Video Card", kGpu},
    {"Hardware", "GFX Power Supply", kGpuSystem},
    // The node's adapter to the interconnect or Ethernet: NIC. Interconnect errors without a
    // part named (soft errors, "Interconnect") are the node's side of the network too.
    {"Hardware", "Interconnect Interface", kNic},   // 425
    {"Hardware", "Interconnect Soft Error", kNic},  // 175
    {"Hardware", "Interconnect", kNic},             // 55
    {"Hardware", "Interconnect Misc", kNic},
    {"Hardware", "PCI GBIT Ethernet Board", kNic},
    {"Hardware", "GE Board", kNic},
    {"Hardware", "1 GBit Ethernet Card", kNic},
    {"Hardware", "100 MBit Ethernet Card", kNic},
    {"Hardware", "PCI Ethernet Board", kNic},
    {"Hardware", "Fddi", kNic},
    {"Hardware", "Site Network Interface", kNic},
    // Cables between a node and its switch: link.
    {"Hardware", "Interconnect Cable", kLink},  // 45
    {"Hardware", "Ethernet Cable", kLink},
    {"Hardware", "Ethernet Copper Cable", kLink},
    {"Hardware", "Ethernet Fibre Cable", kLink},
    {"Hardware", "Ethernet Fiber Cable", kLink},
    {"Hardware", "Gig E Connection", kLink},
    // Switches and routers that nodes hang off: leaf switch (the log does not say the tier).
    {"Hardware", "Router Board", kLeafSwitch},  // 84
    {"Hardware", "Interconnect Switch", kLeafSwitch},
    {"Hardware", "Site Ethernet Switch", kLeafSwitch},
    {"Hardware", "Ethernet Switch", kLeafSwitch},
    {"Hardware", "Gig E Switch", kLeafSwitch},
    // "Other" 710, and console-network devices that are no part of the node: other, on purpose.
    {"Hardware", "Other", kOther},
    {"Hardware", "Console Network Device", kOther},
    {"Hardware", "Term Server", kOther},
    // Not mapped (counted, reported): names whose part LANL does not explain, such as MIA 39,
    // MSC Board 23, MMB 22, RM Board 11, Vhisp 9, Ktown/Xtown/DG Board, OCP, WACS Logic.

    // Software 5,361: software, except "DST" (Dedicated System Time, as "DST-Upgrd/Instl OS
    // Sftw" and "DST-Scan for errors /scratch" read): the system's scheduled windows, 1,313 rows.
    {"Software", "DST", kMaintenance},
    {"Software", "DST-Scan for errors /scratch", kMaintenance},
    {"Software", "DST-Upgrd/Instl OS Sftw", kMaintenance},
    {"Software", "DST-Upgrd/Install OS sftw", kMaintenance},
    {"Software", "DST-Upgrd/Instl 3rdParty Sftw", kMaintenance},
    {"Software", "", kSoftware},
    // Network 421 (text always "Network"): the node's network, part unknown; fleetsim's
    // node-level network kind is the NIC.
    {"Network", "", kNic},
    // Facilities 362 (power outage, UPS, power spike, chillers, environment), Human Error 149,
    // Undetermined 2,652 (undetermined, unresolvable, security): no part of the node, `other`.
    {"Facilities", "", kOther},
    {"Human Error", "", kOther},
    {"Undetermined", "", kOther},
    // Rows with no blame column filled (453; the reader's cause "Unknown") are unmapped.
};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// The fields a format's table matches: (key, detail).
std::pair<std::string_view, std::string_view> fields(std::string_view format,
                                                     const FailureRecord& r) {
  if (format == "lanl") return {trim(r.cause), trim(r.text)};
  return {trim(r.component), trim(r.text)};  // stepfun: Class, Desc
}

}  // namespace

std::span<const ComponentRule> component_rules(std::string_view format) {
  if (format == "stepfun") return kStepfun;
  if (format == "lanl") return kLanl;
  return {};
}

std::optional<core::Component> component_named_nocase(std::string_view name) {
  name = trim(name);
  for (int i = 0; i < core::kComponentKinds; ++i)
    if (iequal(core::kComponentNames[static_cast<std::size_t>(i)], name))
      return static_cast<core::Component>(i);
  return std::nullopt;
}

std::string component_name_list() {
  std::string out;
  for (const auto n : core::kComponentNames) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

MappedComponent map_component(std::string_view format, const FailureRecord& r) {
  if (format == "native") {
    if (auto kind = component_named_nocase(r.component)) return {*kind, true};
    return {};
  }
  const auto [key, detail] = fields(format, r);
  std::optional<core::Component> any;
  for (const auto& rule : component_rules(format)) {
    if (!iequal(rule.key, key)) continue;
    if (rule.detail.empty())
      any = any.value_or(rule.kind);
    else if (iequal(rule.detail, detail))
      return {rule.kind, true};
  }
  if (any) return {*any, true};
  return {};
}

std::string unmapped_value(std::string_view format, const FailureRecord& r) {
  if (format != "stepfun" && format != "lanl") {
    const auto v = trim(r.component);
    return v.empty() ? "(none)" : std::string(v);
  }
  const auto [key, detail] = fields(format, r);
  if (key.empty()) return "(none)";
  bool known_key = false;
  for (const auto& rule : component_rules(format)) known_key |= iequal(rule.key, key);
  if (!known_key || detail.empty()) return std::string(key);
  return std::string(key) + ": " + std::string(detail);
}

void map_components(std::string_view format, std::vector<FailureRecord>& records) {
  for (auto& r : records) {
    const MappedComponent m = map_component(format, r);
    r.kind = m.kind;
    r.kind_mapped = m.mapped;
  }
}

ComponentMix component_mix(std::string_view format, const std::vector<FailureRecord>& records) {
  ComponentMix mix;
  std::map<std::string, std::int64_t> values;
  for (const auto& r : records) {
    ++mix.kinds[static_cast<std::size_t>(r.kind)];
    if (r.kind_mapped) continue;
    ++mix.unmapped;
    ++values[unmapped_value(format, r)];
  }
  mix.unmapped_values.assign(values.begin(), values.end());
  std::stable_sort(mix.unmapped_values.begin(), mix.unmapped_values.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return mix;
}

}  // namespace fleetsim::traces
