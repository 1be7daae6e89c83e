"""analysis/report RUN_DIR_OR_FILES... --out REPORT_DIR"""
import argparse
import sys

from .cost import CostModel
from .load import load_runs
from .report import build_report
from .schema import SchemaError


def main(argv=None):
    p = argparse.ArgumentParser(
        prog="report",
        description="Markdown report and PNG figures comparing fleetsim runs: one .h5 file, a "
                    "`fleetsim compare` directory or a sweep directory (searched recursively).")
    p.add_argument("inputs", nargs="+", metavar="RUN_DIR_OR_FILES")
    p.add_argument("--out", required=True, metavar="REPORT_DIR", help="where report.md goes")
    d = CostModel()
    p.add_argument("--gpu-hour-cost", type=float, default=d.gpu_hour_usd,
                   help=f"$ per GPU-hour, all-in (assumption; default {d.gpu_hour_usd})")
    p.add_argument("--large-cluster-gpus", type=int, default=d.large_cluster_gpus,
                   help=f"clusters above this pay the premium (default {d.large_cluster_gpus})")
    p.add_argument("--large-cluster-premium", type=float, default=d.large_cluster_premium,
                   help=f"extra share of the GPU-hour rate (default {d.large_cluster_premium})")
    args = p.parse_args(argv)
    cost = CostModel(args.gpu_hour_cost, args.large_cluster_gpus, args.large_cluster_premium)
    try:
        runs = load_runs(args.inputs)
        path = build_report(runs, args.out, cost)
    except SchemaError as e:
        print(f"report: error: {e}", file=sys.stderr)
        return 2
    print(f"report: {len(runs)} run(s) -> {path}")
    return 0
