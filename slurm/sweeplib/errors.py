"""One error type for bad input: the tools print its message as one line and exit 2."""


class SweepError(Exception):
    """Bad input (sweep file, directory, option): message names the file, line and field."""


def main_guard(prog, fn):
    """Runs fn() and turns a SweepError into `prog: error: message` and exit status 2."""
    import sys

    try:
        sys.exit(fn())
    except SweepError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
