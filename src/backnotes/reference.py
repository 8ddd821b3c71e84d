"""Reference tables for physiotherapy students (notebook 05), kept as data (``data/reference.toml``).

`root_tests` says how to test each lumbosacral root (skin, key muscle, reflex); `clinical_tests` gives
the straight-leg raise and slump test with what a positive test means and their accuracy; `guidelines`
puts NICE NG59, ACP 2017 and WHO 2023 side by side; `differentials` lists what else leg pain can be;
`evidence` gathers the evidence behind the clinical reasoning (directional preference, prognosis,
injection and surgery, red-flag combinations, yellow flags, stratified care). Every row carries its
source.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

import pandas as pd

__all__ = ["root_tests", "clinical_tests", "guidelines", "differentials", "evidence", "GUIDELINE_SOURCES"]

#: The three guidelines compared by `guidelines`, with their full references.
GUIDELINE_SOURCES: dict[str, str] = {
    "NICE NG59": "National Institute for Health and Care Excellence. Low back pain and sciatica in over 16s: "
                 "assessment and management (NG59). 2016, updated 2020.",
    "ACP 2017": "Qaseem A, Wilt TJ, McLean RM, Forciea MA. Noninvasive treatments for acute, subacute, and "
                "chronic low back pain: a clinical practice guideline from the American College of "
                "Physicians. Ann Intern Med. 2017;166(7):514-530.",
    "WHO 2023": "World Health Organization. WHO guideline for non-surgical management of chronic primary low "
                "back pain in adults in primary and community care settings. Geneva: WHO; 2023.",
}


@lru_cache(maxsize=1)
def _data() -> dict:
    text = resources.files("backnotes").joinpath("data/reference.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def root_tests() -> pd.DataFrame:
    """How to test the L3, L4, L5 and S1 roots, indexed by ``root``, and a last row ``"cord (UMN)"``:
    the upper motor neurone signs that point above the roots (brisk reflexes, clonus, Babinski).

    Columns: ``skin`` (where to test feeling: the dermatome), ``muscle_test`` (what to ask or resist),
    ``key_muscle`` (the myotome's key muscle), ``reflex`` (the tendon reflex, or "none reliable"),
    ``nerve_test`` (the nerve tension test that loads the root: prone knee bend for L3-L4, straight-leg
    raise and slump for L5-S1; for the cord, how to test its signs), ``source``.

    >>> root_tests().loc["L5", "key_muscle"]
    'extensor hallucis longus (long toe extensors)'
    """
    return pd.DataFrame(_data()["root_test"]).set_index("root")


def clinical_tests() -> pd.DataFrame:
    """The straight-leg raise, the slump test and the prone knee bend, indexed by ``id``.

    Columns: ``name``; ``how`` (how it is done); ``positive`` (what counts as positive);
    ``sensitivity`` and ``specificity`` (0-1, from the cited study or review; missing where no
    study is large enough to quote); ``population`` (where the
    numbers come from); ``meaning`` (what a positive or negative result tells); ``source``.
    """
    return pd.DataFrame(_data()["clinical_test"]).set_index("id")


def guidelines() -> pd.DataFrame:
    """What NICE NG59, ACP 2017 and WHO 2023 recommend, side by side: one row per topic.

    Columns: ``NICE NG59``, ``ACP 2017``, ``WHO 2023`` (short paraphrases; "Not addressed ..." where a
    guideline has no separate recommendation). Index: ``topic``. Full references are in
    `GUIDELINE_SOURCES` and in ``df.attrs["sources"]``.
    """
    df = pd.DataFrame(_data()["guideline"]).set_index("topic")
    df.columns = list(GUIDELINE_SOURCES)
    df.attrs["sources"] = dict(GUIDELINE_SOURCES)
    return df


DIFFERENTIAL_COLUMNS = ["also_called", "history", "findings", "helpful_test", "source"]


def differentials() -> pd.DataFrame:
    """What else leg pain can be: one row per condition, indexed by ``condition``.

    Rows: "radicular pain", "referred pain", "spinal stenosis", "vascular claudication", "hip
    pathology", "deep gluteal syndrome", "peripheral neuropathy", "cauda equina". Columns:
    ``also_called`` (other names), ``history`` (what the
    story sounds like), ``findings`` (what the examination finds), ``helpful_test`` (the test that helps
    tell it apart), ``source``.

    >>> df = differentials()
    >>> list(df.columns)
    ['also_called', 'history', 'findings', 'helpful_test', 'source']
    >>> df.loc["vascular claudication", "helpful_test"]
    'foot pulses and the ankle brachial pressure index'
    """
    return pd.DataFrame(_data()["differential"]).set_index("condition")[DIFFERENTIAL_COLUMNS]


def evidence() -> pd.DataFrame:
    """The evidence behind notebook 05's clinical reasoning, one row per topic, indexed by ``topic``.

    Topics include directional preference and centralisation, the prognosis of sciatica, injection,
    surgery, red flags (single signs and combinations), yellow flags and stratified care. Columns:
    ``summary`` (our paraphrase), ``source``.
    """
    return pd.DataFrame(_data()["evidence"]).set_index("topic")[["summary", "source"]]
