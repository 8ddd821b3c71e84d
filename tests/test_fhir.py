"""``Journal.export_fhir``: a FHIR R4 Bundle that the R4B models of ``fhir.resources`` accept, with one
Observation per pain report and per session, carrying the codes `backnotes.fhir` documents."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from backnotes import fhir
from backnotes.journal import Journal, JournalError
from backnotes.session import SessionRecord, SetDone

R4B = pytest.importorskip("fhir.resources.R4B", reason="fhir.resources is in the test extra")
from fhir.resources.R4B.bundle import Bundle  # noqa: E402
from fhir.resources.R4B.observation import Observation  # noqa: E402
from fhir.resources.R4B.patient import Patient  # noqa: E402

MODELS = {"Observation": Observation, "Patient": Patient}


@pytest.fixture
def journal(tmp_path: Path):
    with Journal(tmp_path / "j.sqlite", tz="Europe/Berlin") as j:
        j.log_pain(6, at="2026-03-02 08:00", areas=["lower back", "glutes"], leg_extent="thigh", note="after sitting")
        j.log_pain(4, at="2026-07-02 21:30", areas=["ankles and feet", "upper back"])  # summer time: +02:00
        j.log_pain(2, at="2026-07-03 07:00")
        rec = SessionRecord("gentle start", pd.Timestamp("2026-07-02 18:00", tz="Europe/Berlin").to_pydatetime(),
                            pd.Timestamp("2026-07-02 18:12:30", tz="Europe/Berlin").to_pydatetime(),
                            (SetDone("knee-to-chest", 1, "left", 3, 3, 60.0, 60.0),))
        j.log_session(rec, pain_before=5, pain_after=3)
        yield j


def validate(doc: dict) -> Bundle:
    """Every resource through its own R4B model (the Bundle model alone does not check nested codes),
    then the whole Bundle."""
    for entry in doc["entry"]:
        resource = entry["resource"]
        MODELS[resource["resourceType"]].model_validate(resource)
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
    return Bundle.model_validate(doc)


def test_export_is_a_valid_r4_bundle_with_one_observation_per_entry(journal: Journal, tmp_path: Path) -> None:
    path = journal.export_fhir(tmp_path / "out" / "journal.fhir.json", patient_name="Alex Example")
    doc = json.loads(path.read_text(encoding="utf-8"))
    bundle = validate(doc)
    assert bundle.type == "collection"
    kinds = [e["resource"]["resourceType"] for e in doc["entry"]]
    assert kinds == ["Patient", "Observation", "Observation", "Observation", "Observation"]
    patient = doc["entry"][0]["resource"]
    assert patient["name"] == [{"text": "Alex Example"}]
    pain = [e["resource"] for e in doc["entry"] if e["resource"].get("code", {}).get("coding", [{}])[0].get("code") == "72514-3"]
    assert [o["valueInteger"] for o in pain] == [6, 4, 2]
    assert all(o["subject"]["reference"] == f"urn:uuid:{patient['id']}" for o in pain)
    # the local time with its offset: winter +01:00, summer +02:00 in Berlin
    assert [o["effectiveDateTime"] for o in pain] == ["2026-03-02T08:00:00+01:00", "2026-07-02T21:30:00+02:00",
                                                      "2026-07-03T07:00:00+02:00"]
    assert pain[0]["note"] == [{"text": "Overall score, not split into back pain and leg pain. "
                                        "Pain reached down the leg to: thigh. after sitting"}]
    assert [c["code"] for c in pain[0]["bodySite"]["coding"]] == ["37822005", "46862004"]
    assert pain[0]["bodySite"]["text"] == "lower back, glutes"
    # ankles and feet -> two structures; upper back has no trusted code: text only
    assert [c["code"] for c in pain[1]["bodySite"]["coding"]] == ["344001", "56459004"]
    assert pain[1]["bodySite"]["text"] == "upper back, ankles and feet"
    assert "bodySite" not in pain[2] and pain[2]["note"] == [{"text": "Overall score, not split into back pain and leg pain."}]


def test_sessions_carry_their_duration_and_pain_before_and_after(journal: Journal, tmp_path: Path) -> None:
    doc = json.loads(journal.export_fhir(tmp_path / "j.json").read_text(encoding="utf-8"))
    validate(doc)
    assert all("subject" not in e["resource"] for e in doc["entry"])  # no patient_name: no subject
    (session,) = [e["resource"] for e in doc["entry"] if e["resource"]["code"]["coding"][0]["code"] == "55411-3"]
    assert session["valueQuantity"] == {"value": 12.5, "unit": "min", "system": "http://unitsofmeasure.org",
                                        "code": "min"}
    assert session["effectivePeriod"] == {"start": "2026-07-02T18:00:00+02:00", "end": "2026-07-02T18:12:30+02:00"}
    assert [(c["code"]["text"], c["valueInteger"]) for c in session["component"]] == [
        ("Pain just before the session", 5), ("Pain just after the session", 3)]
    assert "gentle start" in session["code"]["text"]


def test_a_session_logged_by_hand_says_its_duration_is_unknown(tmp_path: Path) -> None:
    from backnotes import load_routine

    with Journal(tmp_path / "j.sqlite", tz="UTC") as j:
        j.log_session(load_routine("gentle-start"), at="2026-03-01 10:00")
        doc = json.loads(j.export_fhir(tmp_path / "j.json").read_text(encoding="utf-8"))
    validate(doc)
    (session,) = [e["resource"] for e in doc["entry"]]
    assert "valueQuantity" not in session and session["dataAbsentReason"]["coding"][0]["code"] == "unknown"
    assert session["effectiveDateTime"] == "2026-03-01T10:00:00+00:00"


@pytest.mark.parametrize(("side", "qualifier", "words"), [
    ("left", "7771000", "left: "), ("right", "24028007", "right: "), ("both", "51440002", "both sides: ")])
def test_the_side_is_the_snomed_laterality_qualifier(side: str, qualifier: str, words: str) -> None:
    pain = pd.DataFrame({"at": [pd.Timestamp("2026-03-01 08:00", tz="UTC")], "score": [5],
                         "areas": ["glutes;calves"], "leg_extent": ["below knee"], "note": [""], "side": [side]})
    doc = fhir.bundle(pain, pd.DataFrame(columns=["at"]))
    validate(doc)
    site = doc["entry"][0]["resource"]["bodySite"]
    assert [c["code"] for c in site["coding"]] == [f"46862004:272741003={qualifier}", f"53840002:272741003={qualifier}"]
    assert site["text"] == f"{words}glutes, calves"


def test_every_body_area_has_an_entry_and_codes_are_snomed_ids() -> None:
    from backnotes.vocab import BODY_AREAS

    assert set(fhir.AREA_CODES) == set(BODY_AREAS)
    for codes in fhir.AREA_CODES.values():
        for code, display in codes:
            assert code.isdigit() and 6 <= len(code) <= 18 and display  # SCTID: 6 to 18 digits


def test_ids_are_stable_between_exports(journal: Journal, tmp_path: Path) -> None:
    first = json.loads(journal.export_fhir(tmp_path / "a.json").read_text(encoding="utf-8"))
    second = json.loads(journal.export_fhir(tmp_path / "b.json").read_text(encoding="utf-8"))
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]
    assert len({e["fullUrl"] for e in first["entry"]}) == len(first["entry"])


def test_bad_paths_and_names_are_journal_errors(journal: Journal, tmp_path: Path) -> None:
    with pytest.raises(JournalError, match="cannot write"):
        journal.export_fhir(tmp_path)  # a folder
    with pytest.raises(JournalError, match="patient_name"):
        journal.export_fhir(tmp_path / "x.json", patient_name="  ")
    assert not (tmp_path / "x.json").exists()
    assert not list(tmp_path.glob(".fhir-*"))  # no temporary file left behind


def test_a_side_logged_in_the_journal_reaches_the_bundle(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite", tz="UTC") as j:
        j.log_pain(5, at="2026-03-01 08:00", areas="left calf; left buttock", leg_extent="below knee")
        j.log_pain(6, at="2026-03-02 08:00", areas=["glutes"], side="both", leg_extent="buttock")
        j.log_pain(3, at="2026-03-03 08:00", areas=["lower back"])
        doc = json.loads(j.export_fhir(tmp_path / "j.json").read_text(encoding="utf-8"))
    validate(doc)
    sites = [e["resource"].get("bodySite") for e in doc["entry"]]
    assert [c["code"] for c in sites[0]["coding"]] == ["46862004:272741003=7771000", "53840002:272741003=7771000"]
    assert sites[0]["text"] == "left: glutes, calves"
    assert sites[1]["coding"] == [{"system": "http://snomed.info/sct", "code": "46862004:272741003=51440002",
                                   "display": "Buttock structure, right and left"}]
    assert sites[2]["coding"] == [{"system": "http://snomed.info/sct", "code": "37822005",
                                   "display": "Lower back structure"}]  # no side said: no qualifier


def test_back_and_leg_are_two_observations_with_a_body_site_each(tmp_path: Path) -> None:
    with Journal(tmp_path / "j.sqlite", tz="Europe/London") as j:
        j.log_pain(back=4, leg=6, at="2026-03-01 08:00", areas="lower back; left calf", leg_extent="below knee")
        j.log_pain(back=2, at="2026-03-02 08:00")
        j.log_pain(5, at="2026-03-03 08:00")  # one overall score: stays one observation, said so
        doc = json.loads(j.export_fhir(tmp_path / "b.json").read_text(encoding="utf-8"))
    validate(doc)
    pain = [e["resource"] for e in doc["entry"] if e["resource"]["code"]["coding"][0]["code"] == "72514-3"]
    assert len(pain) == 4
    first = [o for o in pain if o["effectiveDateTime"].startswith("2026-03-01")]
    assert {o["code"]["coding"][0]["code"] for o in first} == {"72514-3"} and len(first) == 2
    back, leg = sorted(first, key=lambda o: o["code"]["text"])
    assert back["valueInteger"] == 4 and back["bodySite"]["coding"][0]["code"] == "37822005"
    assert leg["valueInteger"] == 6 and leg["bodySite"]["coding"][0]["code"] == "61685007:272741003=7771000"
    assert leg["bodySite"]["text"] == "left leg" and back["id"] != leg["id"]
    overall = [o for o in pain if o["effectiveDateTime"].startswith("2026-03-03")]
    assert len(overall) == 1 and overall[0]["note"][0]["text"].startswith("Overall score, not split")
