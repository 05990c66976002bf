"""Validates notebooks with Python's nbformat, as Jupyter does on opening them.

Usage: validate_notebooks.py FILE.ipynb ...; prints {path: [problem, ...]} as JSON. A problem is
any warning nbformat gives on reading (e.g. MissingIDFieldWarning) or a schema error of the raw
file (every one, not only the first: nbformat.read would repair some before validating).
"""
import json
import sys
import warnings

import nbformat
from nbformat.validator import get_validator


def reason(e):
    """For "valid under none of" (the cell or output types), what the branch of the right type objects to."""
    branches = {}
    for c in e.context or []:
        branches.setdefault(c.relative_schema_path[0], []).append(c)
    for errs in branches.values():
        if not any(list(c.relative_path)[:1] in (["cell_type"], ["output_type"]) for c in errs):
            return "; ".join(c.message[:200] for c in errs)
    return e.message[:200]


def problems(path):
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    found = []
    validator = get_validator(raw.get("nbformat"), raw.get("nbformat_minor"), name="jsonschema")
    if validator is None:
        return [f"no nbformat schema for version {raw.get('nbformat')}.{raw.get('nbformat_minor')}"]
    for e in validator.iter_errors(raw):
        found.append(f"{'/'.join(map(str, e.absolute_path))}: {reason(e)}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        nbformat.validate(nb)
    found += [f"{w.category.__name__}: {w.message}" for w in caught]
    return found


if __name__ == "__main__":
    json.dump({p: problems(p) for p in sys.argv[1:]}, sys.stdout)
