"""Writing a journal table as our CSV format (`write_frame`), atomically and safe to open in a
spreadsheet (text cells are guarded against formula injection, see `backnotes.csv_guard`)."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .csv_guard import guard
from .files import make_private
from .journal_base import FIELDS

__all__ = ["write_frame"]


def _iso_local(at: pd.Series) -> list[str]:
    """Local times with their offset in ISO 8601 extended form: ``+01:00``, or ``+00:19:32`` for the
    historic zones whose offset had seconds (strftime's ``%z`` gives ``+001932``)."""
    out = []
    for t in at.dt.strftime("%Y-%m-%dT%H:%M:%S%z").tolist():
        body, zone = t[:19], t[19:]
        out.append(body + zone[:3] + ":" + zone[3:5] + (":" + zone[5:7] if len(zone) > 5 else ""))
    return out


def _cell(v: Any) -> str:
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, (bool, np.bool_)):
        return "yes" if v else "no"
    if isinstance(v, (float, np.floating)):
        v = float(v)
        # whole numbers without a decimal point or exponent (1234567, not 1.23457e+06); others
        # in the shortest form that reads back to the same float
        return str(int(v)) if v == int(v) else repr(v)
    return guard(str(v))


def _times(at: pd.Series) -> list[str]:
    """Times that may be missing (when a check was answered): ISO text, or empty."""
    out = [""] * len(at)
    known = at.notna().to_numpy()
    for i, text in zip(known.nonzero()[0].tolist(), _iso_local(at[known]) if known.any() else []):
        out[i] = text
    return out


def write_frame(frame: pd.DataFrame, path: Path, *, kind: str) -> Path:
    """Write a journal frame as our CSV format, atomically (temporary file + ``os.replace``).
    Text cells that a spreadsheet would run as a formula are guarded (see `guard`)."""
    fields = FIELDS[kind]
    data = {f: (_iso_local(frame["at"]) if f == "at" else _times(frame[f]) if f in ("checked_at", "morning_at")
                else frame[f].astype(object).tolist()) for f in fields}
    fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".csv", dir=path.parent)
    try:
        make_private(tmp)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(fields)
            w.writerows([[_cell(v) for v in row] for row in zip(*(data[c] for c in fields))])
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
