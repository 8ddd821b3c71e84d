"""Write tests/fixtures/journal-v2.sqlite with the version-2 journal code (run once, before schema v3).

Kept so the fixture can be explained; re-running it with a newer backnotes writes a newer version."""
from pathlib import Path

from backnotes.journal import Journal
from backnotes.session import SessionRecord, SetDone
import pandas as pd

out = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "journal-v2.sqlite"
out.unlink(missing_ok=True)
with Journal(out.parent / "tmp-v2.sqlite", tz="Europe/Berlin") as j:
    j.log_pain(6, at="2026-02-01 08:00", areas=["lower back", "glutes"], side="left", leg_extent="thigh",
               note="stiff — 朝")
    j.log_pain(4, at="2026-02-02 21:15", areas="lower back", leg_extent="none")
    j.log_pain(7, at="2026-02-03 07:30", areas=["right glutes", "right hamstrings", "right calves"],
               leg_extent="below knee", note="line one\nline two, \"quoted\"")
    j.log_pain(2, at="2026-02-04 12:00")
    j.log_pain(0, at="2026-02-05 12:00", side="both")
    rec = SessionRecord("Morning", pd.Timestamp("2026-02-01 09:00", tz="Europe/Berlin").to_pydatetime(),
                        pd.Timestamp("2026-02-01 09:12:30", tz="Europe/Berlin").to_pydatetime(),
                        (SetDone("knee-to-chest", 1, "left", 3, 3, 90.0, 90.0),
                         SetDone("knee-to-chest", 1, "right", 3, 2, 90.0, 60.0, skipped=True),
                         SetDone("glute-bridge", 1, None, 10, 10)), completed=False, notes="stopped early")
    j.log_session(rec, pain_before=5, pain_after=4)
    j.log_red_flags(["fever"], at="2026-02-02 10:00")
    j.backup(out)
(out.parent / "tmp-v2.sqlite").unlink()
for extra in ("-wal", "-shm"):
    (out.parent / f"tmp-v2.sqlite{extra}").unlink(missing_ok=True)
print(out, out.stat().st_size)
