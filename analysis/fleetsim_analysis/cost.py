"""A deliberately simple, configurable cost model: ASSUMPTIONS, not data.

Cost of a run = sum over its clusters of GPUs x simulated hours x the GPU-hour rate, the rate
raised by a premium for clusters large enough to need an extra switch tier. Cost per useful
GPU-hour = that cost / GPU-hours of useful work (/jobs/useful_gpu_seconds / 3600). Every layout has
the same GPUs, so the comparison turns on useful work and on the premium.

Defaults (change them with `analysis/report --gpu-hour-cost ...` or CostModel(...)):
- gpu_hour_usd = 2.00: an all-in (capital amortised, power, operations) cost of one GPU-hour.
  ASSUMPTION, a round figure of the order of H100 rental prices in 2024-25; not a quote.
- large_cluster_gpus = 32768: above this many GPUs a cluster needs a third tier of switches in a
  non-blocking fat tree of 64-port switches (2 tiers reach 64*64/2 = 2048 nodes x 8 GPUs = 16,384
  GPUs; rails double it). ASSUMPTION about the fabric, which fleetsim does not model yet.
- large_cluster_premium = 0.05: +5% on the GPU-hour for that tier (optics and switches).
  ASSUMPTION.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class CostModel:
    gpu_hour_usd: float = 2.00
    large_cluster_gpus: int = 32768
    large_cluster_premium: float = 0.05

    def rate(self, cluster_gpus):
        """$ per GPU-hour in a cluster of this many GPUs."""
        premium = self.large_cluster_premium if cluster_gpus > self.large_cluster_gpus else 0.0
        return self.gpu_hour_usd * (1.0 + premium)

    def run_cost(self, clusters, duration_s):
        """$ for the whole run: `clusters` is clusters_frame(run)."""
        hours = duration_s / 3600.0
        return float(sum(g * hours * self.rate(g) for g in clusters["gpus"]))

    def describe(self):
        return (f"${self.gpu_hour_usd:.2f} per GPU-hour, +{100 * self.large_cluster_premium:.0f}% "
                f"in clusters above {self.large_cluster_gpus} GPUs")
