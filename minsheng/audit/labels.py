"""What each audit action is called in the log: a translated label per action code.

Each module describes its own actions in an ``audit_labels.py`` (found when the audit app starts,
as the admin finds ``admin.py``) by calling :func:`register`. A code nobody registered still reads
as words: the module's name and the code's verb, never the raw ``module.verb_noun``.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_LABELS: dict[str, Promise | str] = {}
_ADMIN_VERBS = {"add": _("added"), "change": _("changed"), "delete": _("deleted")}


def register(labels: Mapping[str, Promise | str]) -> None:
    """Name action codes (``"timebank.post_order": _("Service request posted")``)."""
    _LABELS.update(labels)


def is_registered(code: str) -> bool:
    return code in _LABELS


def registered() -> dict[str, Promise | str]:
    return dict(_LABELS)


def label(code: str) -> str:
    """The action's label in the current language, or a readable fallback."""
    if code in _LABELS:
        return str(_LABELS[code])
    app_label, _dot, verb = code.partition(".")
    admin = _admin_label(app_label, verb)
    if admin:
        return admin
    module = _module_name(app_label)
    return gettext("%(module)s: %(action)s") % {
        "module": module,
        "action": verb.replace("_", " ") or code,
    }


def _module_name(app_label: str) -> str:
    try:
        return str(apps.get_app_config(app_label).verbose_name)
    except LookupError:
        return app_label


def _admin_label(app_label: str, verb: str) -> str:
    """``people.change_user`` (a change made in the administration pages)."""
    how, _sep, model_name = verb.partition("_")
    if how not in _ADMIN_VERBS or not model_name:
        return ""
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        return ""
    return gettext("Administration: %(model)s %(how)s") % {
        "model": model._meta.verbose_name,
        "how": _ADMIN_VERBS[how],
    }
