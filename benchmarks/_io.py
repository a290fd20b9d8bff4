"""Reading and writing the results files of the research benchmarks.

Raw rows live under ``benchmarks/results`` as gzip-compressed CSV
(``<stem>.csv.gz``); the tables that the docs render are plain CSV under
``docs/results``. A path ending in ``.gz`` is read and written through
:func:`gzip.open`, any other as plain text.
"""

import csv
import gzip
import pathlib

#: Folder of the raw results (from the root of a checkout).
RESULTS = pathlib.Path("benchmarks/results")
#: Folder of the files that the docs pages render.
DOCS_RESULTS = pathlib.Path("docs/results")


def _open(path, mode):
    path = pathlib.Path(path)
    if path.suffix == ".gz":
        # mtime=0: the same rows give the same bytes, so rewriting a file
        # that did not change leaves git with nothing to commit
        if "w" in mode:
            return gzip.GzipFile(path, "wb", mtime=0)
        return gzip.open(path, "rt", newline="", encoding="utf-8")
    return open(path, mode, newline="", encoding="utf-8")


def write_csv(rows, path):
    """Write ``rows`` (dicts) to ``path``, gzip-compressed if it ends in ``.gz``.

    The columns are the keys of all rows, in order of first appearance.
    """
    keys = list(dict.fromkeys(k for row in rows for k in row))
    path = pathlib.Path(path)
    if path.suffix == ".gz":
        import io

        with _open(path, "wb") as raw, io.TextIOWrapper(raw, "utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=keys, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        return
    with _open(path, "w") as f:
        writer = csv.DictWriter(f, fieldnames=keys, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def read_rows(path):
    """The rows of a CSV (``.csv`` or ``.csv.gz``) as dicts of strings."""
    with _open(path, "r") as f:
        return list(csv.DictReader(f))


def read_frame(path):
    """A CSV (``.csv`` or ``.csv.gz``) as a pandas DataFrame."""
    import pandas as pd

    with _open(path, "r") as f:
        return pd.read_csv(f)
