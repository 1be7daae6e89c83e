"""Means with confidence intervals across seeds (Student's t; no SciPy needed)."""
import math

# Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom.
_T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042]


def t95(dof):
    return _T95[dof - 1] if dof <= len(_T95) else 1.96


def mean_ci(values):
    """(mean, half-width of the 95% confidence interval, n); half-width is NaN for n < 2."""
    vals = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    n = len(vals)
    if n == 0:
        return math.nan, math.nan, 0
    mean = sum(vals) / n
    if n < 2:
        return mean, math.nan, n
    var = sum((v - mean) ** 2 for v in vals) / (n - 1)
    return mean, t95(n - 1) * math.sqrt(var / n), n
