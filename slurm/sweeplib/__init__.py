"""fleetsim parameter sweeps: sweep files, manifests, Slurm job arrays, collection of results.

The command-line tools are the scripts next to this package (slurm/submit-sweep, collect,
resubmit, run-local); this package holds what they share.
"""
