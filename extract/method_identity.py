"""`method_key`: one identity per method, however a paper writes it.

- A model family of one method (rules/model_families.jsonl: "ViT", "Gaussian Splatting") is
  one key for every member and spelling: ViT-B/16 = Vision Transformer = ViT -> `vit`;
  3DGS = 3D Gaussian Splatting = Gaussian Splatting -> `gaussiansplatting`. A family that
  groups several methods ("DPO family (DPO, KTO, ORPO, SimPO)") keys each by its name.
- An established acronym (rules/established_acronyms.tsv) is one key across papers, whether
  written as the acronym or the long form: CP = Conformal Prediction -> `cp`; its other
  established meanings get the long form after a colon (`cp:constraintprogramming`). A bare
  acronym a paper proposes without a long form is not looked up: it is the paper's own.
- Anything else is the paper's own: the name plus its long form
  (`trace:transformationconsistencyevaluation`), or, without a long form, the name plus the
  paper for a proposed method (`trace@<paper_id>`), since coined names collide across papers;
  a mentioned name without a long form is someone else's method, keyed on the name alone.
"""

from __future__ import annotations

from extract.nlp import Tools
from extract.rules import EstablishedForm, fold, long_form_key
from extract.schemas import Role

# Family names that group several methods: keying all members on the family would merge
# DPO with KTO.
_GROUP_MARKS = ("(", "/", " family")


def _family_key(surface: str, tools: Tools) -> str | None:
    family = tools.families.family_of(surface)
    if family is None:
        return None
    if any(mark in family for mark in _GROUP_MARKS):
        return fold(surface)
    return fold(family)


def _established_form(name: str, long_key: str | None, tools: Tools) -> EstablishedForm | None:
    """The established meaning of `name` (an acronym or a long form), or None when this
    paper's name or long form is not one many papers share."""
    forms = tools.rules.established.get(name)
    if forms is None:  # the name may itself be a long form: "Conformal Prediction"
        return None if long_key else tools.rules.established_by_long.get(long_form_key(name))
    if long_key is None:
        return next(iter(forms.values()))  # the acronym's usual meaning
    return forms.get(long_key)


def method_key(name: str, long_form: str | None, role: Role, paper_id: str, tools: Tools) -> str:
    long_key = long_form_key(long_form) if long_form else None
    family = _family_key(name, tools)
    if family is not None and long_form is None:
        return family
    if long_form is not None and (family := _family_key(long_form, tools)) is not None:
        return family  # "Gaussian Splatting (GS)", "Vision Transformer (ViT)"
    # A bare acronym the paper proposes is its own, whatever the letters mean elsewhere
    # ("we propose CAT, ..." is not computerized adaptive testing).
    own = role == "proposed" and long_key is None and " " not in name
    form = None if own else _established_form(name, long_key, tools)
    if form is not None:
        usual = next(iter(tools.rules.established[form.acronym]))
        family = _family_key(form.long_form.title(), tools)
        if family is None and form.key == usual:  # LoRA is its family; SAM-the-optimiser not
            family = _family_key(form.acronym, tools)
        if family is not None:
            return family
        acronym = fold(form.acronym)
        return acronym if form.key == usual else f"{acronym}:{form.key}"
    if long_key is not None:
        return f"{fold(name)}:{long_key}"
    return f"{fold(name)}@{paper_id}" if role == "proposed" else fold(name)
