"""docs/output.md and fleetsim_analysis/schema.py describe exactly the schema fleetsim writes:
every group, field, type and unit of `fleetsim_schema`'s JSON (printed from sim/io/columns.cc,
the declarations the writer uses), in the same order; and a file fleetsim wrote holds exactly
those datasets. The comparison is shown to catch a removed field, a changed unit and a changed
type, so a pass means something.

FLEETSIM_SCHEMA_BIN names the fleetsim_schema binary (ctest schema_sync passes it, and then it
must exist); default: <repo>/build/bin/fleetsim_schema, skipped when absent."""
import json
import os
import re
import subprocess
from pathlib import Path

import h5py
import pytest

from conftest import ANALYSIS, fleetsim
from fleetsim_analysis import schema

REPO = ANALYSIS.parent
DOCS = REPO / "docs" / "output.md"
ROOT = "/"  # the root attributes, as a pseudo-group


@pytest.fixture(scope="module")
def declared():
    """{group: [(name, type, units)]} and {group: written} from fleetsim_schema."""
    given = os.environ.get("FLEETSIM_SCHEMA_BIN")
    binary = Path(given or REPO / "build" / "bin" / "fleetsim_schema")
    if not os.access(binary, os.X_OK):
        if given:
            pytest.fail(f"FLEETSIM_SCHEMA_BIN={given}: not an executable")
        pytest.skip(f"no fleetsim_schema at {binary} (build first)")
    out = subprocess.run([str(binary)], check=True, capture_output=True, text=True).stdout
    data = json.loads(out)
    assert data["schema_version"] == schema.CURRENT_VERSION
    tables = {ROOT: [(f["name"], f["type"], f["units"]) for f in data["root_attributes"]]}
    written = {}
    for g in data["groups"]:
        tables[g["name"]] = [(f["name"], f["type"], f["units"]) for f in g["fields"]]
        written[g["name"]] = g["written"]
        assert all(f["description"] for f in g["fields"]), g["name"]
    return tables, written


def docs_tables(text):
    """{group: [(name, type, units)]} from the field tables of docs/output.md: the table after a
    heading that starts with `/group` (or "Root attributes")."""
    tables, current, rows = {}, None, None
    for line in text.splitlines():
        heading = re.match(r"^#{2,3} (?:`/(\w+)`|(Root attributes))", line)
        if line.startswith("#"):
            current = (heading.group(1) or ROOT) if heading else None
            rows = None
            continue
        if current is None:
            continue
        if line.startswith("| field |") or line.startswith("| name |"):
            rows = tables.setdefault(current, [])
            continue
        if rows is not None and line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if set(cells[0]) <= {"-"}:
                continue  # the |---| line
            rows.append((cells[0].strip("`"), cells[1], cells[2]))
        elif rows is not None:
            current = rows = None  # one table per heading
    return tables


def schema_py_tables(module):
    tables = {ROOT: list(module.ROOT)}
    for group, (fields, _) in module.CURRENT.items():
        tables[group] = list(fields)
    return tables


def differences(want, got):
    """Lines naming every group, field, type or unit that differs (order included)."""
    out = []
    for group in sorted(set(want) | set(got)):
        w, g = want.get(group), got.get(group)
        if w is None or g is None:
            out.append(f"/{group}: {'only in the copy' if w is None else 'missing from the copy'}")
            continue
        wn, gn = [f[0] for f in w], [f[0] for f in g]
        for name in wn:
            if name not in gn:
                out.append(f"/{group}/{name}: missing")
        for name in gn:
            if name not in wn:
                out.append(f"/{group}/{name}: not written by fleetsim")
        for (name, wt, wu) in w:
            for (n, gt, gu) in g:
                if n == name and (wt, wu) != (gt, gu):
                    out.append(f"/{group}/{name}: {gt}, {gu} in the copy; fleetsim: {wt}, {wu}")
        if not out and wn != gn:
            out.append(f"/{group}: fields in another order")
    return out


def test_docs_match_the_writer(declared):
    tables, _ = declared
    assert differences(tables, docs_tables(DOCS.read_text())) == []


def test_schema_py_matches_the_writer(declared):
    tables, written = declared
    assert differences(tables, schema_py_tables(schema)) == []
    for group, (_, required) in schema.CURRENT.items():
        assert required == (written[group] == "always"), group


def test_a_removed_field_a_changed_unit_and_type_are_caught(declared):
    tables, _ = declared
    text = DOCS.read_text()
    removed = re.sub(r"^\| `wait_p90_h` \|.*\n", "", text, count=1, flags=re.M)
    assert removed != text
    assert differences(tables, docs_tables(removed)) == ["/summary/wait_p90_h: missing"]
    unit = text.replace("| `busy_gpu_seconds` | float64 | GPU*s |",
                        "| `busy_gpu_seconds` | float64 | GPU*h |", 1)
    assert differences(tables, docs_tables(unit)) == [
        "/clusters/busy_gpu_seconds: float64, GPU*h in the copy; fleetsim: float64, GPU*s"]
    typed = text.replace("| `restarts` | int32 |", "| `restarts` | int64 |", 1)
    assert differences(tables, docs_tables(typed)) == [
        "/jobs/restarts: int64, 1 in the copy; fleetsim: int32, 1"]
    copy = schema_py_tables(schema)
    copy["summary"] = [f for f in copy["summary"] if f[0] != "goodput"]
    assert differences(tables, copy) == ["/summary/goodput: missing"]
    copy = schema_py_tables(schema)
    del copy["summary_by_class"]
    assert differences(tables, copy) == ["/summary_by_class: missing from the copy"]


def test_a_written_file_holds_exactly_the_declared_datasets(declared, tmp_path):
    tables, _ = declared
    path = tmp_path / "run.h5"
    fleetsim("run", "--duration", "2d", "--output.event_log", "true", "--out", str(path))
    kinds = {"int8": "i1", "int32": "i4", "int64": "i8", "float64": "f8"}
    with h5py.File(path) as f:
        assert sorted(f) == sorted(g for g in tables if g != ROOT)
        for group, fields in tables.items():
            if group == ROOT:
                assert sorted(f.attrs) == sorted(name for name, _, _ in fields)
                continue
            assert sorted(f[group]) == sorted(name for name, _, _ in fields), group
            for name, kind, units in fields:
                ds = f[group][name]
                assert ds.dtype.str.lstrip("<>|=") == kinds[kind], (group, name, ds.dtype)
                assert ds.attrs["units"] == units, (group, name)
                assert ds.attrs["description"], (group, name)
