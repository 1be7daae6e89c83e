"""analysis/report RUN_DIR_OR_FILES... --out REPORT_DIR"""
import argparse
import sys

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
    args = p.parse_args(argv)
    try:
        runs = load_runs(args.inputs)
        path = build_report(runs, args.out)
    except SchemaError as e:
        print(f"report: error: {e}", file=sys.stderr)
        return 2
    print(f"report: {len(runs)} run(s) -> {path}")
    return 0
