"""spaCy component: ``nlp.add_pipe("deinfluence_detect")`` (registered through the ``spacy_factories`` entry point).

Results go on ``doc.spans[spans_key]`` (one span per signal, labelled with its kind) and on ``doc._.deinfluence``
(the report as a JSON-able dict), so ``nlp.pipe`` and pickling work.
"""
from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

EXTENSION = "deinfluence"


class DeinfluenceComponent:
    """Runs a Detector over each Doc's text; the detector is built on first use and shared by this component."""

    def __init__(self, nlp: Language, name: str, jurisdiction: str, platform: str, spans_key: str):
        self.name = name
        self.jurisdiction = jurisdiction
        self.platform = platform
        self.spans_key = spans_key
        self._detector = None
        if not Doc.has_extension(EXTENSION):
            Doc.set_extension(EXTENSION, default=None)

    @property
    def detector(self):
        if self._detector is None:
            from .detector import Detector
            self._detector = Detector(self.jurisdiction)
        return self._detector

    def __call__(self, doc: Doc) -> Doc:
        return self._annotate(doc, self.detector.analyze(doc.text, self.platform))

    def pipe(self, stream, batch_size: int = 256):
        docs = list(stream)
        reports = self.detector.analyze_many(((d.text, self.platform) for d in docs), batch_size=batch_size)
        for doc, report in zip(docs, reports):
            yield self._annotate(doc, report)

    def _annotate(self, doc: Doc, report) -> Doc:
        doc._.set(EXTENSION, report.model_dump(mode="json"))
        spans = (doc.char_span(s.start, s.end, label=s.kind, alignment_mode="expand") for s in report.signals)
        doc.spans[self.spans_key] = [span for span in spans if span is not None]
        return doc


@Language.factory("deinfluence_detect",
                  default_config={"jurisdiction": "US", "platform": "generic", "spans_key": "deinfluence"})
def make_component(nlp: Language, name: str, jurisdiction: str, platform: str,
                   spans_key: str) -> DeinfluenceComponent:
    return DeinfluenceComponent(nlp, name, jurisdiction, platform, spans_key)


def report_of(doc: Doc) -> Optional[dict]:
    """The report a `deinfluence_detect` component left on `doc`, as a dict (or None)."""
    return doc._.get(EXTENSION) if Doc.has_extension(EXTENSION) else None
