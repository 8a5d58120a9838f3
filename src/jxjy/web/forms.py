"""The record form. It only collects text: the ledger's service validates every field
(`jxjy.policy.reading`), so the page reports exactly what an import or the API would."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jxjy.policy.messages import LEVEL_LABELS, SUBJECT_LABELS, Lang, kind_label, pick
from jxjy.policy.records import FIELDS, Kind
from jxjy.web.refusals import RefusalMixin

#: The canonical fields a registrant types: not the person (found by ID number) nor
#: `approved`, which the record's project decides (`ledger.services.record_approval`).
RECORD_FIELDS = tuple(name for name in FIELDS if name not in ("person_id", "approved"))

YES_NO = [("true", _("Yes")), ("false", _("No"))]


def _number(step: str = "any") -> forms.NumberInput:
    return forms.NumberInput(attrs={"step": step, "inputmode": "decimal"})


class RecordForm(RefusalMixin, forms.Form):
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("The trainee's 18-character number; the person must already be on file."),
    )
    date = forms.CharField(
        label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.CharField(
        label=_("End date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("For an activity of several days; leave empty for one day."),
    )
    kind = forms.ChoiceField(label=_("Kind of activity"), required=False)
    subject = forms.ChoiceField(label=_("Subject"), required=False)
    hours = forms.CharField(label=_("Hours"), required=False, widget=_number())
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=_number(),
        help_text=_("Length of an online course."),
    )
    days = forms.CharField(label=_("Days"), required=False, widget=_number())
    credits = forms.CharField(label=_("Credits"), required=False, widget=_number())
    level = forms.ChoiceField(label=_("Level"), required=False)
    rank = forms.CharField(label=_("Rank"), required=False, widget=_number("1"))
    count = forms.CharField(
        label=_("Count"),
        required=False,
        widget=_number("1"),
        help_text=_("How many items (papers, projects...); 1 if empty."),
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=200)
    project = forms.TypedChoiceField(
        label=_("Training project"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "The approved project the activity belongs to. Training without one counts as"
            " not filed (宁夏 三（一）)."
        ),
    )
    passed = forms.ChoiceField(
        label=_("Assessment passed"), choices=YES_NO, initial="true", required=False
    )
    region = forms.CharField(
        label=_("Region of origin"),
        required=False,
        max_length=64,
        help_text=_("For hours transferred from another region: its code."),
    )

    def __init__(
        self,
        *args: object,
        lang: Lang,
        projects: Sequence[tuple[int, str]] = (),
        **kwargs: object,
    ) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        empty = ("", _("— choose —"))
        self._choices("project", [("", _("None")), *projects])
        self._choices("kind", [empty, *((k.value, kind_label(k, lang)) for k in Kind)])
        self._choices(
            "subject",
            [
                ("", _("By the kind (public course: public; others: professional)")),
                *((s.value, pick(label, lang)) for s, label in SUBJECT_LABELS.items()),
            ],
        )
        self._choices(
            "level",
            [("", _("None")), *((v.value, pick(label, lang)) for v, label in LEVEL_LABELS.items())],
        )
        for name in ("id_number", "date", "kind"):
            self.fields[name].widget.attrs.update({"required": "required", "aria-required": "true"})

    def _choices(self, name: str, choices: Sequence[tuple[object, str | Promise]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def record_fields(self) -> dict[str, object]:
        """The canonical fields as entered (empty ones left out)."""
        data: Mapping[str, object] = self.cleaned_data
        return {name: data[name] for name in RECORD_FIELDS if data.get(name) not in (None, "")}
