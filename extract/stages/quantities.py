"""The number stage: every number of the title and abstract, typed, classified and tied to
its metric, dataset, split and model. The passes live in `extract/stages/numbers/`; this is
the stage's entry point (results and improvements read what it returns)."""

from __future__ import annotations

from extract.nlp import Sentence, Tools
from extract.stages import Found, PaperDoc
from extract.stages.numbers.dataset import evaluation_frame
from extract.stages.numbers.passes import in_sentence
from extract.stages.numbers.record import Quantity

__all__ = ["Quantity", "extract"]


def extract(doc: PaperDoc, found: Found, tools: Tools) -> list[Quantity]:
    """Every classified number in the paper's fields, in text order."""
    out: list[Quantity] = []
    frame = evaluation_frame(doc, found, tools)
    for fdoc in doc.fields:
        previous: Sentence | None = None
        for sent in fdoc.sentences:
            out.extend(in_sentence(found, tools, fdoc, sent, frame, previous))
            previous = sent
    return out
