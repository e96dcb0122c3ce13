"""Forms of the knowledge base's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from minsheng.hotline.forms import category_field, handling_units
from minsheng.hotline.knowledge.models import Article
from minsheng.regions.models import Region


class ArticleForm(forms.Form):
    title = forms.CharField(label=_("Title (Chinese)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Article.Kind.choices)
    category = category_field(label=_("Category"))
    regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.places(),
        required=False,
        label=_("Applies in"),
        help_text=_("None: all of Beijing. Hold Ctrl to choose several."),
    )
    owner = forms.ModelChoiceField(queryset=handling_units(), label=_("Owner unit"))
    keywords = forms.CharField(
        label=_("Callers' words"),
        required=False,
        max_length=300,
        help_text=_("Other words callers use for this, separated by spaces."),
    )
    body = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 8}))
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    review_due = forms.DateField(
        label=_("Review by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("What changed"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = handling_units()

    @classmethod
    def for_article(cls, article: Article) -> ArticleForm:
        return cls(
            initial={
                "title": article.title,
                "title_en": article.title_en,
                "kind": article.kind,
                "category": article.category,
                "regions": list(article.regions.all()),
                "owner": article.owner,
                "keywords": article.keywords,
                "body": article.body,
                "valid_from": article.valid_from,
                "valid_until": article.valid_until,
                "review_due": article.review_due,
            }
        )
