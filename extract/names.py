"""The shape of a coined name, shared by the benchmark and method stages.

A coined name is what authors invent: internal capitals (SimVG, GenImage), an acronym (CTKD,
LVIS), letters with digits (O2DETR, RS5M, Comp2Comp), hyphen-joined parts (UM-MAE, DS-Net),
`+`/`++` suffixes (PVT++, RefCOCO+). A capitalised dictionary word (The, Experiments) is not.
"""

from __future__ import annotations

from functools import lru_cache

import regex

_COINED_PART = regex.compile(
    r"""^(?=.*\p{L})(?:
        \p{Lu}{2,}[\p{L}\p{N}]*          # CTKD, LVIS, GPT4o
      | \p{L}+\p{Lu}[\p{L}\p{N}]*        # SimVG, iNaturalist, FocalClick
      | \p{L}+\p{N}+[\p{L}\p{N}]*        # RS5M, Comp2Comp, YOLOv8, Flickr30K
    )\+{0,2}$""",
    regex.VERBOSE,
)
_SEP = regex.compile(r"[-/.]")
_TAG = regex.compile(r"^(?:\p{Lu}|\p{N}+[\p{L}]?|v\d+(?:\.\d+)?)\+{0,2}$")  # B, 50, 7B, v2
_ROMAN = regex.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|X{1,3})$")
# Shapes that look coined but are units, ordinals or measurement words.
_NOT_NAMES = frozenset(
    [
        "AI",
        "ML",
        "DL",
        "NN",
        "US",
        "UK",
        "EU",
        "USA",
        "GPU",
        "GPUs",
        "CPU",
        "CPUs",
        "TPU",
        "RAM",
        "FPS",
        "PhD",
        "MSc",
        "BSc",
        "OK",
        "TB",
        "GB",
        "MB",
        "KB",
        "ms",
        "II",
        "III",
        "IV",
        "VI",
        "VII",
        "VIII",
        "IX",
        "XI",
        "Fig",
        "Figs",
        "Sec",
        "Eq",
        "Tab",
        "API",
        "APIs",
        "SQL",
        "HTTP",
        "URL",
        "URLs",
        "PDF",
        "JSON",
        "HTML",
        "XML",
        "CSV",
        "LaTeX",
        "TeX",
        "FP16",
        "FP32",
        "BF16",
        "INT8",
        "INT4",
        "GFLOPs",
        "FLOPs",
        "TFLOPs",
        "MACs",
    ]
)


@lru_cache(maxsize=1 << 16)  # called for the same words over and over
def is_coined(text: str) -> bool:
    """True when `text` (one token or hyphen-joined word) has the shape of a coined name."""
    if len(text) < 2 or text in _NOT_NAMES or _ROMAN.match(text):
        return False
    parts = [p for p in _SEP.split(text) if p]
    if any(_COINED_PART.match(p) for p in parts):
        return True
    # Swin-B, Faster-RCNN-like joins: a capitalised word tagged with a letter or a size.
    return len(parts) > 1 and is_capitalised(parts[0]) and any(_TAG.match(p) for p in parts[1:])


def is_capitalised(text: str) -> bool:
    return bool(text) and text[0].isupper() and any(c.islower() for c in text[1:])


# "AI-based", "task-aware": adjectives, never names (the stem may be one).
ADJECTIVE = regex.compile(
    r"(?i)-(?:based|assisted|guided|driven|aware|like|free|specific|centric|oriented|level|wise|"
    r"style|inspired|powered|enabled|augmented|conditioned|agnostic|dependent|friendly|ready|"
    r"only|scale|grained|to-end|of-the-art|efficient|intensive|heavy|rich|related|informed|"
    r"curated|filtered|generated|refined|annotated|labell?ed|trained|tuned|derived)$"
)
# Head nouns that make a long form the name of a method ("... Network (DS-Net)"), as opposed
# to a task or phenomenon ("Treatment Effect (TE)", "Visual Question Answering (VQA)") or a
# dataset ("... Historical Event Benchmark (MHEB)": a benchmark is a dataset, spec section 2).
METHOD_HEADS = frozenset(
    "network networks net model models module modules loss framework algorithm method "
    "transformer transformers encoder decoder attention mechanism architecture block layer "
    "optimizer optimization policy strategy scheme pipeline system agent classifier detector "
    "tracker estimator filter filtering sampler sampling masking prompting tuning distillation "
    "ensemble regularization augmentation search machine machines tree forest embedding "
    "embeddings autoencoder gan diffusion head adapter fusion alignment learning training "
    "pretraining pre-training representation representations kernel operator unit cell "
    "selection suppression propagation refinement correction completion rollout reward "
    "toolkit library test audit tracking prediction adaptation perturbation "
    "perturbations task quantification scoring teacher rewrite reflecting "
    "example estimation inversion merge".split()
)
