"""The journal as a FHIR R4 Bundle (JSON) a clinician's system can import: plain dicts, no FHIR library.

One ``Observation`` per pain report: LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating
[Score] - Reported" as ``valueInteger``, ``effectiveDateTime`` with the UTC offset, ``bodySite`` as
SNOMED CT codes for our body areas with the side as SNOMED's laterality qualifier, and the note as
``note``. One ``Observation`` per exercise session: LOINC 55411-3 "Exercise duration" in minutes
(UCUM ``min``), the session's start and end as ``effectivePeriod``, the pain before and after as
components coded 72514-3. With ``patient_name`` the Bundle starts with a ``Patient`` that every
Observation points at; without it there is no subject.

Sources of the codes (each checked by hand; see `AREA_CODES` for the body areas):

- LOINC 72514-3 and 55411-3: the LOINC table (loinc.org), as used in HL7's Physical Activity IG
  (55411-3) and many pain-score profiles (72514-3).
- Laterality: the attribute 272741003 |Laterality| with the values 7771000 |Left|, 24028007 |Right|
  and 51440002 |Right and left|, the value set HL7 Europe publishes as "eHDSI Body Site
  Laterality" (urn:oid:1.3.6.1.4.1.12559.11.10.1.3.1.42.68). A report with a side carries a SNOMED CT
  post-coordinated expression, ``<site>:272741003=<side>`` (SNOMED CT compositional grammar, allowed
  as a code of ``http://snomed.info/sct`` in FHIR), and its words in ``display`` and ``text``.

FHIR R4 gives an Observation one ``bodySite``: a report that names several areas lists one coding per
area in that one CodeableConcept, and its ``text`` names them all in words.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from .files import make_private, private_folder

__all__ = ["AREA_CODES", "LATERALITY", "PAIN_LOINC", "EXERCISE_LOINC", "OFFSET_EXTENSION", "bundle", "write_bundle"]

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
#: LOINC code and display of a 0-10 pain score.
PAIN_LOINC = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")
#: LOINC code and display of the time spent exercising.
EXERCISE_LOINC = ("55411-3", "Exercise duration")
LATERALITY_ATTRIBUTE = "272741003"
#: Our side -> SNOMED CT qualifier value (code, display): eHDSI Body Site Laterality value set.
LATERALITY: dict[str, tuple[str, str]] = {
    "left": ("7771000", "Left"),
    "right": ("24028007", "Right"),
    "both": ("51440002", "Right and left"),
}

#: Our body areas -> SNOMED CT body structures (code, display). Where each one was checked:
#: neck, shoulders, arms (upper limb), chest (thoracic structure), hips, thighs, ankle, foot:
#: the Belgian eHealth Platform's "eReferral Body Site" value set (be-vs-body-site 1.0.0);
#: abdominals: 818983003 |Abdomen|, in a SNOMED CT International 2024-10 body-site expansion (it
#: replaced the inactive 113345001 |Abdominal structure|); glutes: 46862004 |Buttock structure|
#: and calves: 53840002 |Calf of leg|, both in DICOM PS3.16 (CID 4031 and the SNOMED mapping of
#: body parts); lower back: 37822005 |Lower back structure|, as named in SNOMED International's
#: modelling notes (one other list calls it "lumbar spine structure": its fully specified name should
#: be confirmed against a SNOMED browser). "upper back" and "hamstrings" have no code here: we found
#: no source we trust for them (codes for them are often mis-cited), so they go as text only.
AREA_CODES: dict[str, tuple[tuple[str, str], ...]] = {
    "neck": (("45048000", "Neck structure"),),
    "shoulders": (("16982005", "Shoulder region structure"),),
    "arms": (("53120007", "Upper limb structure"),),
    "chest": (("51185008", "Thoracic structure"),),
    "upper back": (),
    "abdominals": (("818983003", "Abdomen"),),
    "lower back": (("37822005", "Lower back structure"),),
    "hips": (("29836001", "Hip region structure"),),
    "glutes": (("46862004", "Buttock structure"),),
    "hamstrings": (),
    "thighs": (("68367000", "Thigh structure"),),
    "calves": (("53840002", "Calf of leg"),),
    "ankles and feet": (("344001", "Ankle region structure"), ("56459004", "Foot structure")),
}

# Fixed namespace: the same journal entry always gets the same resource id, so a re-export can be
# matched with an earlier one by the receiving system.
_NAMESPACE = uuid.UUID("6f1d3c52-9a0e-4a57-8a53-0c7c2f3b9e11")


def _uid(*parts: Any) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(map(str, parts))))


#: Extension on a dateTime written in UTC because its local offset had seconds (see `_when`).
OFFSET_EXTENSION = "https://backnotes.invalid/fhir/StructureDefinition/local-utc-offset"


def _split_offset(ts: Any) -> tuple[str, str | None]:
    """A tz-aware time as FHIR dateTime text with its offset (``2026-03-01T08:00:00+01:00``), and
    None; or, when the offset has seconds (Amsterdam before 1937: +00:19:32), which FHIR R4's
    dateTime pattern does not allow, the time in UTC (``...Z``) and the local offset as text."""
    t = pd.Timestamp(ts)
    if t.tzinfo is None:
        raise ValueError(f"times must carry their zone, got {ts!r}")
    utc = t.tz_convert("UTC").floor("s")  # floor in UTC: a local time in a repeated hour is ambiguous
    offset = t.utcoffset()
    seconds = int(offset.total_seconds()) if offset is not None else 0
    if seconds % 60 == 0:
        return utc.tz_convert(t.tz).isoformat(), None
    sign, rest = ("-" if seconds < 0 else "+"), abs(seconds)
    local = f"{sign}{rest // 3600:02d}:{rest // 60 % 60:02d}:{rest % 60:02d}"
    return utc.strftime("%Y-%m-%dT%H:%M:%SZ"), local


def _when(ts: Any) -> str:
    """The FHIR dateTime text of a tz-aware time (see `_split_offset`)."""
    return _split_offset(ts)[0]


def _put_time(target: dict[str, Any], key: str, ts: Any) -> None:
    """``target[key]`` = the dateTime of ``ts``; a local offset with seconds is kept in an extension
    of the value (``_key``, FHIR JSON's place for a primitive's extensions)."""
    text, local = _split_offset(ts)
    target[key] = text
    if local:
        target[f"_{key}"] = {"extension": [{"url": OFFSET_EXTENSION, "valueString": local}]}


def _text_of(value: Any) -> str:
    return "" if _missing(value) else str(value)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def body_site(areas: str, side: str | None) -> dict[str, Any] | None:
    """``"lower back;glutes"`` and a side -> the ``bodySite`` CodeableConcept (None when no area)."""
    names = [a for a in (areas or "").split(";") if a]
    if not names:
        return None
    lat = LATERALITY.get(side or "")
    codings = []
    for area in names:
        for code, display in AREA_CODES.get(area, ()):
            if lat:
                codings.append({"system": SNOMED, "code": f"{code}:{LATERALITY_ATTRIBUTE}={lat[0]}",
                                "display": f"{display}, {lat[1].lower()}"})
            else:
                codings.append({"system": SNOMED, "code": code, "display": display})
    words = {"left": "left: ", "right": "right: ", "both": "both sides: "}.get(side or "", "")
    concept: dict[str, Any] = {"text": words + ", ".join(names)}
    if codings:
        concept["coding"] = codings
    return concept


def _pain_observation(row: Mapping[str, Any], subject: dict[str, str] | None) -> dict[str, Any]:
    side = row.get("side")
    side = None if _missing(side) or side == "" else str(side)
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        # every field of the entry (leg extent too): entries that differ in anything differ in id
        "id": _uid("pain", _when(row["at"]), *(f"{k}={_text_of(v)}" for k, v in sorted(row.items()) if k != "at")),
        "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                  "code": "survey", "display": "Survey"}]}],
        "code": {"coding": [{"system": LOINC, "code": PAIN_LOINC[0], "display": PAIN_LOINC[1]}],
                 "text": "Pain (0 = no pain, 10 = worst imaginable)"},
        "valueInteger": int(row["score"]),
    }
    _put_time(obs, "effectiveDateTime", row["at"])
    if subject:
        obs["subject"] = subject
    site = body_site(str(row.get("areas") or ""), side)
    if site:
        obs["bodySite"] = site
    notes = []
    extent = row.get("leg_extent")
    if not _missing(extent) and extent not in ("", "none"):
        notes.append(f"Pain reached down the leg to: {extent}.")
    elif extent == "none":
        notes.append("No pain down the leg.")
    if row.get("note"):
        notes.append(str(row["note"]))
    if notes:
        obs["note"] = [{"text": " ".join(notes)}]
    return obs


#: The leg, for leg pain's bodySite: 61685007 |Lower limb structure| (SNOMED CT), with the side as
#: laterality; the lower back is AREA_CODES["lower back"].
LEG_CODE: tuple[str, str] = ("61685007", "Lower limb structure")


def _series_site(series: str, side: str | None) -> dict[str, Any]:
    if series == "back":
        code, display = AREA_CODES["lower back"][0]
        return {"coding": [{"system": SNOMED, "code": code, "display": display}], "text": "lower back"}
    lat = LATERALITY.get(side or "")
    code, display = LEG_CODE
    if lat:
        return {"coding": [{"system": SNOMED, "code": f"{code}:{LATERALITY_ATTRIBUTE}={lat[0]}",
                            "display": f"{display}, {lat[1].lower()}"}],
                "text": {"left": "left leg", "right": "right leg", "both": "both legs"}.get(side or "", "leg")}
    return {"coding": [{"system": SNOMED, "code": code, "display": display}], "text": "leg (side not said)"}


def _pain_observations(row: Mapping[str, Any], subject: dict[str, str] | None) -> list[dict[str, Any]]:
    """One pain entry -> its Observations: back pain and leg pain as two Observations with the same
    code (LOINC 72514-3) and a ``bodySite`` each (the lower back; the leg with its laterality); a
    single score that was not split stays one Observation, noted as overall."""
    if "back" not in row and "leg" not in row:  # a frame from older code: one score
        return [_pain_observation(row, subject)]
    out = []
    side = row.get("side")
    side = None if _missing(side) or side == "" else str(side)
    if not _missing(row.get("overall")):
        obs = _pain_observation({**row, "score": row["overall"]}, subject)
        obs["note"] = [{"text": " ".join(["Overall score, not split into back pain and leg pain."]
                                         + [n["text"] for n in obs.get("note", [])])}]
        out.append(obs)
    for series, words in (("back", "Back pain"), ("leg", "Leg pain")):
        value = row.get(series)
        if _missing(value):
            continue
        obs = _pain_observation({**row, "score": value}, subject)
        obs["id"] = _uid("pain", series, _when(row["at"]), value, row.get("areas", ""), side, row.get("note", ""))
        obs["code"]["text"] = f"{words} (0 = no pain, 10 = worst imaginable)"
        obs["bodySite"] = _series_site(series, side)
        if row.get("areas"):
            obs.setdefault("note", []).insert(0, {"text": f"Areas reported: {str(row['areas']).replace(';', ', ')}."})
        out.append(obs)
    return out


def _session_observation(row: Mapping[str, Any], subject: dict[str, str] | None) -> dict[str, Any]:
    start = _when(row["at"])
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "id": _uid("session", start),  # a session's start time is unique in the journal
        "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                  "code": "activity", "display": "Activity"}]}],
        "code": {"coding": [{"system": LOINC, "code": EXERCISE_LOINC[0], "display": EXERCISE_LOINC[1]}],
                 "text": f"Back exercise session: {row.get('routine') or 'routine not named'}"},
    }
    if subject:
        obs["subject"] = subject
    duration = row.get("duration_s")
    end = None
    if not _missing(duration):
        try:
            seconds = float(duration)
            end = pd.Timestamp(row["at"]) + pd.Timedelta(seconds=seconds)
        except (ValueError, OverflowError, NotImplementedError):  # OutOfBoundsTimedelta is a ValueError
            end = None  # a length no session has (written by an older version): left out, said in the note
    if end is None:
        _put_time(obs, "effectiveDateTime", row["at"])
        obs["dataAbsentReason"] = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
                                               "code": "unknown", "display": "Unknown"}],
                                   "text": ("logged by hand: the duration was not timed" if _missing(duration)
                                            else "the stored duration is not a usable length")}
    else:
        period: dict[str, Any] = {}
        _put_time(period, "start", row["at"])
        _put_time(period, "end", end)
        obs["effectivePeriod"] = period
        obs["valueQuantity"] = {"value": round(seconds / 60.0, 2), "unit": "min", "system": UCUM, "code": "min"}
    components = []
    for field, words in (("pain_before", "Pain just before the session"), ("pain_after", "Pain just after the session")):
        value = row.get(field)
        if not _missing(value):
            components.append({"code": {"coding": [{"system": LOINC, "code": PAIN_LOINC[0], "display": PAIN_LOINC[1]}],
                                        "text": words}, "valueInteger": int(value)})
    if components:
        obs["component"] = components
    notes = ["Completed as planned." if bool(row.get("completed", True)) else "Stopped or partly done."]
    if row.get("notes"):
        notes.append(str(row["notes"]))
    obs["note"] = [{"text": " ".join(notes)}]
    return obs


def _red_flag_observation(row: Mapping[str, Any], subject: dict[str, str] | None,
                          labels: Mapping[str, str]) -> dict[str, Any]:
    """One red flag ticked: an Observation with the day and time it was ticked, the flag's words as the
    code's text (these questions have no LOINC or SNOMED code of their own here) and ``valueBoolean``
    true. (A FHIR ``Flag`` needs a subject, which an export without a patient name does not have.)"""
    flag = str(row["flag"])
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "id": _uid("red-flag", _when(row["at"]), flag),
        "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                  "code": "survey", "display": "Survey"}]}],
        "code": {"text": f"Red flag ticked in the backnotes check: {labels.get(flag, flag)} ({flag})"},
        "valueBoolean": True,
    }
    _put_time(obs, "effectiveDateTime", row["at"])
    if subject:
        obs["subject"] = subject
    return obs


def _unique_ids(resources: list[dict[str, Any]]) -> None:
    """Give a resource whose id repeats an earlier one's a new id (bdl-7: fullUrl unique in a Bundle)."""
    seen: set[str] = set()
    for r in resources:
        rid, n = r["id"], 1
        while rid in seen:
            n += 1
            rid = _uid(r["id"], n)
        r["id"] = rid
        seen.add(rid)


def bundle(pain: pd.DataFrame, sessions: pd.DataFrame, *, patient_name: str | None = None,
           red_flags: pd.DataFrame | None = None) -> dict[str, Any]:
    """A FHIR R4 ``collection`` Bundle from the journal's ``pain()`` and ``sessions()`` frames (tz-aware
    ``at``; an optional ``side`` column on ``pain``) and, when given, its ``red_flags()`` (one
    Observation per tick, with its date and time)."""
    entries: list[dict[str, Any]] = []
    subject = None
    if patient_name is not None:
        if not isinstance(patient_name, str) or not patient_name.strip():
            raise ValueError(f"patient_name: a non-empty text expected, got {patient_name!r}")
        pid = _uid("patient", patient_name.strip())
        entries.append({"fullUrl": f"urn:uuid:{pid}",
                        "resource": {"resourceType": "Patient", "id": pid, "name": [{"text": patient_name.strip()}]}})
        subject = {"reference": f"urn:uuid:{pid}", "display": patient_name.strip()}
    resources = [obs for r in pain.to_dict("records") for obs in _pain_observations(r, subject)]
    resources += [_session_observation(r, subject) for r in sessions.to_dict("records")]
    if red_flags is not None and len(red_flags):
        from .content import red_flags as red_flag_table

        labels = {str(k): str(v) for k, v in red_flag_table()["label"].items()}
        resources += [_red_flag_observation(r, subject, labels) for r in red_flags.to_dict("records")]
    _unique_ids(resources)
    entries += [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]
    return {
        "resourceType": "Bundle",
        "id": _uid("bundle", patient_name or "", len(entries), *(e["fullUrl"] for e in entries)),
        "meta": {"tag": [{"display": "Exported from a backnotes pain journal (self-reported)"}]},
        "type": "collection",
        "timestamp": _when(pd.Timestamp.now(tz="UTC")),
        "entry": entries,
    }


def write_bundle(doc: Mapping[str, Any], path: str | os.PathLike[str]) -> Path:
    """Write ``doc`` as UTF-8 JSON to ``path`` atomically (a temporary file moved into place)."""
    dest = Path(path).expanduser()
    private_folder(dest.parent)
    fd, tmp = tempfile.mkstemp(prefix=".fhir-", suffix=".json", dir=dest.parent)
    try:
        make_private(tmp)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest
