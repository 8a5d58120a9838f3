"""Forms on one registered record: its correction, its evidence, and disputes of it. They
collect text and files; the services check everything and say what is wrong."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from jxjy.ledger.codec import field_values
from jxjy.ledger.evidence import ACCEPT_ATTRIBUTE
from jxjy.ledger.models import CreditRecord
from jxjy.policy.messages import Lang
from jxjy.web.forms import RECORD_FIELDS, RecordForm

REASON_ATTRS = {"rows": "3", "required": "required", "aria-required": "true"}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def record_initial(record: CreditRecord) -> dict[str, str]:
    """The record's canonical fields as the record form shows them."""
    values = field_values(record)
    return {name: _text(values[name]) for name in RECORD_FIELDS}


class CorrectionForm(RecordForm):
    """The registration form without the person and the project (a correction keeps the
    record's), pre-filled with the record, and the reason for correcting it."""

    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=1000,
        widget=forms.Textarea(attrs=REASON_ATTRS),
        help_text=_("The learner, the HR reviewer and the history of the record show it."),
    )

    def __init__(
        self, *args: object, lang: Lang, initial: dict[str, str] | None = None
    ) -> None:
        super().__init__(*args, lang=lang, initial=initial)
        del self.fields["id_number"]
        del self.fields["project"]


class _Form(forms.Form):
    """A form whose labels carry no colon, like the record form's."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class EvidenceForm(_Form):
    file = forms.FileField(
        label=_("File"),
        allow_empty_file=True,  # the service names an empty file itself
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
        help_text=_("A JPEG, PNG or WebP photo, an MP4 or WebM video, or a PDF scan."),
    )
    description = forms.CharField(label=_("Caption"), max_length=200, required=False)


class DisputeForm(_Form):
    reason = forms.CharField(
        label=_("What is wrong with this record"),
        max_length=2000,
        widget=forms.Textarea(attrs=REASON_ATTRS),
        help_text=_(
            "The organisation that registered it and the HR bureau of your region will read it."
        ),
    )


class AnswerForm(_Form):
    text = forms.CharField(
        label=_("Your answer"), max_length=4000, widget=forms.Textarea(attrs=REASON_ATTRS)
    )
    correction = forms.TypedChoiceField(
        label=_("The correction that answers it"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args: object, corrections: list[CreditRecord], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["correction"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", _("None")), *((r.pk, f"#{r.pk}") for r in corrections)]
        if not corrections:
            del self.fields["correction"]


class CloseForm(_Form):
    text = forms.CharField(
        label=_("Decision, or why you close it"),
        max_length=4000,
        widget=forms.Textarea(attrs=REASON_ATTRS),
    )
