from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minsheng import access
from minsheng.people.models import Organisation, Relationship, User
from minsheng.people.roles import Role
from minsheng.regions.models import Region


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Region) -> str:
        indent = "\u3000" * (obj.level - 1)
        return f"{indent}{obj.display_name}"


def regions_for(user: Any, action: str) -> Any:
    return access.scope(user, action, Region.objects.all())


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, login name, mobile or ID number"), required=False, max_length=64
    )


class RegisterPersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=64)
    username = forms.CharField(
        label=_("Login name"),
        max_length=64,
        help_text=_("Letters, digits and @ . + - _ only. The mobile number works well."),
    )
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=20,
        required=False,
        help_text=_("18 characters. Birth date and age are read from it."),
    )
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    home_region = RegionChoiceField(label=_("Lives in"), queryset=Region.objects.none())
    password = forms.CharField(
        label=_("First password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty for a person who will not log in; staff will act for them."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["home_region"].queryset = regions_for(user, "people.add_user")  # type: ignore[attr-defined]


class GrantRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    region = RegionChoiceField(label=_("Where"), queryset=Region.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("For the organisation"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions_for(user, "people.add_roleassignment")  # type: ignore[attr-defined]
        self.fields["organisation"].queryset = access.scope(  # type: ignore[attr-defined]
            user, "people.view_organisation", Organisation.objects.filter(is_active=True)
        )


class RelationshipForm(forms.Form):
    relative = forms.CharField(label=_("Relative's login name or ID number"), max_length=64)
    kind = forms.ChoiceField(
        label=_("The relative is this person's"), choices=Relationship.Kind.choices
    )

    def clean_relative(self) -> User:
        value = self.cleaned_data["relative"].strip()
        person = User.objects.filter(username=value).first() or User.objects.find_by_id_number(
            value
        )
        if person is None:
            raise forms.ValidationError(_("No person with this login name or ID number."))
        return person


class VerifyRelationshipForm(forms.Form):
    evidence = forms.CharField(
        label=_("Document seen"),
        max_length=200,
        help_text=_("For example: household register, marriage certificate."),
    )


class SetPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common word."),
    )
