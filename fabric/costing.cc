#include "fabric/costing.h"

namespace fleetsim::fabric {

// Every default price is an ASSUMPTION: vendors publish no list prices for these parts. They
// are round numbers of the right order, there to be overridden ([cost] in a fabric file).
Prices default_prices() {
  Prices p;
  p.gpu_usd = 30'000;           // assumption: one H100-class accelerator
  p.server_usd = 60'000;        // assumption: host of one server (CPUs, memory, NICs, chassis)
  p.switch_usd_per_gbps = 1.5;  // assumption: ~$38k for a 64 x 400G (25.6 Tb/s) switch
  p.optic_usd_per_gbps = 1.5;   // assumption: ~$600 for one 400G transceiver
  p.copper_usd_per_link = 100;  // assumption: one passive copper (DAC) cable
  p.ocs_usd_per_port = 1'000;   // assumption: one port of an optical circuit switch
  return p;
}

Power default_power() {
  Power w;
  w.gpu_watts = 700;  // H100 SXM5 max TDP (NVIDIA H100 Tensor Core GPU datasheet)
  // 10.2 kW DGX H100 system max (NVIDIA DGX H100 datasheet) less its 8 x 700 W GPUs: the host.
  w.server_watts = 4'600;
  w.switch_watts_per_tbps = 40;  // assumption: ~1 kW for a 25.6 Tb/s switch, optics excluded
  // 9 W for one 400G OSFP transceiver (NVIDIA MMS4X00-NS400 product specification), assumed to
  // scale with speed.
  w.optic_watts_per_gbps = 9.0 / 400;
  w.ocs_watts = 100;  // assumption: one optical circuit switch chassis
  return w;
}

Costing cost(const FabricSpec& s, const Network& n) {
  Costing c;
  const double gpus = static_cast<double>(n.gpus), servers = static_cast<double>(n.servers);
  c.capex_usd.gpus = gpus * s.cost.gpu_usd;
  c.capex_usd.servers = servers * s.cost.server_usd;
  c.power_watts.gpus = gpus * s.power.gpu_watts;
  c.power_watts.servers = servers * s.power.server_watts;
  for (const auto& t : n.tiers) {
    const double gbps = static_cast<double>(t.switches) * t.radix * t.port_gbps;
    c.capex_usd.switches += gbps * s.cost.switch_usd_per_gbps;
    c.power_watts.switches += gbps / 1000 * s.power.switch_watts_per_tbps;
  }
  for (const auto& [speed, count] : n.transceivers) {
    const double gbps = static_cast<double>(count) * speed;
    c.capex_usd.optics += gbps * s.cost.optic_usd_per_gbps;
    c.power_watts.optics += gbps * s.power.optic_watts_per_gbps;
  }
  // Assumption: copper links are passive (DAC) and draw nothing.
  c.capex_usd.copper = static_cast<double>(n.links_total(false)) * s.cost.copper_usd_per_link;
  c.capex_usd.ocs = static_cast<double>(n.ocs_ports) * s.cost.ocs_usd_per_port;
  c.power_watts.ocs = static_cast<double>(n.ocs) * s.power.ocs_watts;
  return c;
}

}  // namespace fleetsim::fabric
