"""The notifications app's own kind: the weekly digest."""

from django.utils.translation import gettext_lazy as _

from minsheng.notifications.models import Channel
from minsheng.notifications.registry import Kind, register_kind

register_kind(
    Kind(
        name="notifications.weekly_digest",
        label=_("Weekly digest of waiting work"),
        title=_("This week, %(count)s things wait for you"),
        body=_("%(items)s"),
        channels=(Channel.EMAIL,),
    ),
)
