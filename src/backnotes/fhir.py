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

__all__ = ["AREA_CODES", "LATERALITY", "PAIN_LOINC", "EXERCISE_LOINC", "bundle", "write_bundle"]

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


def _when(ts: Any) -> str:
    """A tz-aware time as FHIR dateTime text with its offset (``2026-03-01T08:00:00+01:00``)."""
    t = pd.Timestamp(ts)
    if t.tzinfo is None:
        raise ValueError(f"times must carry their zone, got {ts!r}")
    return t.floor("s").isoformat()


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
        "id": _uid("pain", _when(row["at"]), row["score"], row.get("areas", ""), side, row.get("note", "")),
        "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                  "code": "survey", "display": "Survey"}]}],
        "code": {"coding": [{"system": LOINC, "code": PAIN_LOINC[0], "display": PAIN_LOINC[1]}],
                 "text": "Pain (0 = no pain, 10 = worst imaginable)"},
        "effectiveDateTime": _when(row["at"]),
        "valueInteger": int(row["score"]),
    }
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
        "id": _uid("session", start),
        "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category",
                                  "code": "activity", "display": "Activity"}]}],
        "code": {"coding": [{"system": LOINC, "code": EXERCISE_LOINC[0], "display": EXERCISE_LOINC[1]}],
                 "text": f"Back exercise session: {row.get('routine') or 'routine not named'}"},
    }
    if subject:
        obs["subject"] = subject
    duration = row.get("duration_s")
    if _missing(duration):
        obs["effectiveDateTime"] = start
        obs["dataAbsentReason"] = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/data-absent-reason",
                                               "code": "unknown", "display": "Unknown"}],
                                   "text": "logged by hand: the duration was not timed"}
    else:
        seconds = float(duration)
        end = pd.Timestamp(row["at"]) + pd.Timedelta(seconds=seconds)
        obs["effectivePeriod"] = {"start": start, "end": _when(end)}
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


def bundle(pain: pd.DataFrame, sessions: pd.DataFrame, *, patient_name: str | None = None) -> dict[str, Any]:
    """A FHIR R4 ``collection`` Bundle from the journal's ``pain()`` and ``sessions()`` frames (tz-aware
    ``at``; an optional ``side`` column on ``pain``)."""
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
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".fhir-", suffix=".json", dir=dest.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest
