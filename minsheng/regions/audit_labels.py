"""The region tree's audit actions, in words."""

from django.utils.translation import gettext_lazy as _

from minsheng.audit.labels import register

register({"regions.import": _("Region list imported")})
