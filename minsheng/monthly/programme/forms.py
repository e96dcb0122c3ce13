"""Forms of the programme pages. They only collect input; the rules live in ``actions``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from minsheng.core.uploads import CleanDocument, clean_document
from minsheng.hotline.models import Category
from minsheng.monthly.models import Meeting, Plan, Problem, SupervisionItem, Task, Theme
from minsheng.monthly.programme.actions import LEAD_KINDS
from minsheng.people.models import Organisation, User
from minsheng.people.roles import Role
from minsheng.regions.models import Region

DATE = forms.DateInput(attrs={"type": "date"})
IDEOGRAPHIC_SPACE = "\u3000"


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["year", "title", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class LeaderChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name or obj.username


def leaders() -> QuerySet[User]:
    return User.objects.filter(role_assignments__role=Role.LEADER, is_active=True).distinct()


class ProblemForm(forms.ModelForm):
    leader = LeaderChoice(label=_("Responsible leader"), queryset=User.objects.none())
    key_phrases = forms.CharField(
        label=_("Key phrases"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One per line. A case belongs to the problem when its text contains one of them (and it fits the categories and places, if given)."
        ),
    )

    class Meta:
        model = Problem
        fields = [
            "title",
            "description",
            "leader",
            "lead_department",
            "cooperating_units",
            "categories",
            "places",
            "key_phrases",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "cooperating_units": forms.SelectMultiple(attrs={"size": 8}),
            "categories": forms.SelectMultiple(attrs={"size": 8}),
            "places": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {
            "cooperating_units": _("Hold Ctrl (or ⌘) to choose several."),
            "categories": _("Cases in these categories or below them; none: any category."),
            "places": _("Cases in these districts or sub-districts; none: anywhere."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["leader"].queryset = leaders()
        fields["lead_department"].queryset = Organisation.objects.filter(
            kind__in=LEAD_KINDS, is_active=True
        ).order_by("kind", "code")
        fields["cooperating_units"].queryset = Organisation.objects.filter(is_active=True).exclude(
            kind__in=[Organisation.Kind.VOLUNTEER_TEAM, Organisation.Kind.SERVICE_STATION]
        )
        fields["categories"].queryset = Category.objects.filter(is_active=True).order_by("code")
        fields["categories"].label_from_instance = _indented
        fields["places"].queryset = Region.objects.filter(level__in=[2, 3]).order_by("path")
        if self.instance.pk and not self.is_bound:
            self.initial["key_phrases"] = "\n".join(self.instance.key_phrases)

    def clean_key_phrases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["key_phrases"].splitlines()]

    def arguments(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def _indented(category: Category) -> str:
    """A category with its place in the tree shown by indentation (the list is long)."""
    return f"{IDEOGRAPHIC_SPACE * (category.level - 1)}{category.code} {category.display_name}"


class PlanCandidateForm(forms.Form):
    """Which programme and month a shortlisted candidate goes to."""

    plan = forms.ModelChoiceField(label=_("Programme"), queryset=Plan.objects.all())
    month = forms.TypedChoiceField(
        label=_("Month"), coerce=int, choices=[(m, str(m)) for m in range(1, 13)]
    )


class ForProblem:
    """A small form of a problem's page, told which problem it is for."""

    def __init__(self, *args: Any, problem: Problem | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.problem = problem


class TaskForm(ForProblem, forms.ModelForm):
    class Meta:
        model = Task
        fields = ["title", "owner", "due"]
        widgets = {"due": DATE}


class MeetingTaskForm(forms.ModelForm):
    """A task a dispatch meeting sets, for one of the programme's problems."""

    problem = forms.ModelChoiceField(label=_("Problem"), queryset=Problem.objects.none())

    class Meta:
        model = Task
        fields = ["problem", "title", "owner", "due"]
        widgets = {"due": DATE}

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        problems = Problem.objects.filter(theme__plan=plan).select_related("theme")
        self.fields["problem"].queryset = problems  # type: ignore[attr-defined]


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Task.Status.choices)


class PolicyForm(ForProblem, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    reference = forms.CharField(label=_("Document number"), max_length=100, required=False)
    issued_by = forms.CharField(label=_("Issued by"), max_length=200)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE)
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")


class DocumentForm(ForProblem, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF (at most 20 MB) or a picture (JPEG, PNG or WebP, at most 10 MB)."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}
        ),
    )

    def clean_file(self) -> CleanDocument:
        upload = self.cleaned_data["file"]
        return clean_document(upload, name=upload.name, size=upload.size)


class NoteForm(ForProblem, forms.Form):
    text = forms.CharField(
        label=_("Progress"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["held_on", "theme", "chaired_by", "attendees", "decisions"]
        widgets = {
            "held_on": DATE,
            "attendees": forms.Textarea(attrs={"rows": 3}),
            "decisions": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = plan.themes.all()  # type: ignore[attr-defined]


class SupervisionForm(ForProblem, forms.ModelForm):
    class Meta:
        model = SupervisionItem
        fields = ["title", "demand", "deadline", "task"]
        widgets = {"deadline": DATE, "demand": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tasks = self.problem.tasks.all() if self.problem else Task.objects.none()
        self.fields["task"].queryset = tasks  # type: ignore[attr-defined]


class CloseSupervisionForm(forms.Form):
    result = forms.CharField(
        label=_("What was achieved"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
