import pickle

import spacy

from deinfluence_detect.spacy_component import report_of


def test_add_pipe_by_name_through_entry_point():
    nlp = spacy.blank("en")
    nlp.add_pipe("deinfluence_detect", config={"platform": "instagram"})
    doc = nlp("Obsessed! Use code MAYA15 for 15% off")
    rep = report_of(doc)
    assert rep["commercial"] and rep["findings"][0]["rule_id"] == "DD-DISC-001"
    assert "discount_code" in [s.label_ for s in doc.spans["deinfluence"]]
    docs = list(nlp.pipe(["#ad hello", "plain"]))
    assert report_of(docs[0])["disclosure"] == "clear" and report_of(docs[1])["signals"] == []
    again = pickle.loads(pickle.dumps(doc))
    assert report_of(again) == rep
