"""What a roster's cells may say: the Chinese words of the drop-down lists, and the codes
they stand for. A cell may also hold the code itself (`offline_theory`, `M`...)."""

from __future__ import annotations

from typing import Final

from jxjy.policy.messages import KIND_LABELS, LEVEL_LABELS, SUBJECT_LABELS

KINDS: Final = {zh: kind.value for kind, (zh, _) in KIND_LABELS.items()}
SUBJECTS: Final = {zh: subject.value for subject, (zh, _) in SUBJECT_LABELS.items()}
LEVELS: Final = {zh: level.value for level, (zh, _) in LEVEL_LABELS.items()}
GENDERS: Final = {"男": "M", "女": "F", "m": "M", "f": "F"}
TALENTS: Final = {
    "技能人才": "skilled",
    "专业技术人员": "professional",
    "skilled": "skilled",
    "professional": "professional",
}

#: The template's drop-down lists, by the name a `Column.choices` gives.
LISTS: Final[dict[str, list[str]]] = {
    "kinds": list(KINDS),
    "subjects": list(SUBJECTS),
    "levels": list(LEVELS),
    "yes_no": ["是", "否"],
    "genders": ["男", "女"],
    "talents": ["技能人才", "专业技术人员"],
}

#: Record fields whose Chinese words become codes before the engine's parser reads them.
WORDS: Final = {"kind": KINDS, "subject": SUBJECTS, "level": LEVELS}


def code_of(words: dict[str, str], value: object) -> object:
    """The code a cell's word stands for; anything else unchanged (the parser judges it)."""
    if isinstance(value, str):
        return words.get(value.strip(), value)
    return value
