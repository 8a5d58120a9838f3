"""Forms of the training pages. They check the shape of what was typed; the training
services check the rules and report by field (`jxjy.web.refusals`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jxjy.policy.messages import LEVEL_LABELS, SUBJECT_LABELS, Lang, kind_label, pick
from jxjy.training.models import PROJECT_KINDS, Attendance, Enrolment, Project, ProjectSession
from jxjy.training.services import PROJECT_FIELDS
from jxjy.web.refusals import RefusalMixin

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ProjectForm(RefusalMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "enrol_until": DATE,
            "teachers": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "level": _("Needed for conferences and seminars, which are valued by level."),
            "occupation": _("The occupation (工种) or title series the project serves."),
            "enrol_until": _("Learners can enrol online until this day."),
        }

    def __init__(self, *args: object, lang: Lang, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._choose("kind", [(k.value, kind_label(k, lang)) for k in PROJECT_KINDS])
        self._choose(
            "subject", [(s.value, pick(label, lang)) for s, label in SUBJECT_LABELS.items()]
        )
        self._choose(
            "level",
            [("", _("None")), *((v.value, pick(label, lang)) for v, label in LEVEL_LABELS.items())],
        )

    def clean(self) -> dict[str, Any]:
        """Dates in order here, so the error sits by its field (the database constraint
        would put it above the form)."""
        data = super().clean() or {}
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The last day is before the first."))
        return data

    def _choose(self, name: str, choices: list[tuple[str, object]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


class SessionForm(RefusalMixin, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ProjectSession
        fields = ("date", "starts", "ends", "hours", "place", "online")
        widgets = {"date": DATE, "starts": TIME, "ends": TIME}
        help_texts = {"hours": _("The class hours (学时) the session is worth.")}

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts"), data.get("ends")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The session must end after it starts."))
        return data


class Form(forms.Form):
    """A plain form whose labels end without a colon, like the model forms here."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class ReasonForm(Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class BulkEnrolForm(Form):
    id_numbers = forms.CharField(
        label=_("Resident ID numbers, one a line"),
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off", "spellcheck": "false"}),
        help_text=_("The people must already be on file; all are enrolled, or none."),
    )


class ParticipantsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Participants by name and masked ID number."""

    def label_from_instance(self, obj: Enrolment) -> str:
        return f"{obj.person.name} ({obj.person.masked_id_number})"


class AttendanceForm(Form):
    enrolments = ParticipantsField(
        label=_("Participants"),
        queryset=Enrolment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    method = forms.ChoiceField(
        label=_("How"),
        choices=[
            (Attendance.Method.MANUAL.value, Attendance.Method.MANUAL.label),
            (Attendance.Method.SHEET.value, Attendance.Method.SHEET.label),
        ],
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args: object, session: ProjectSession, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["enrolments"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = session.project.enrolments.select_related("person").order_by(
            "person__name"
        )


class CheckinForm(Form):
    code = forms.CharField(
        label=_("Check-in code"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]{6}"}
        ),
        help_text=_("The six digits shown at the session."),
    )
