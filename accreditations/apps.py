from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationsConfig(AppConfig):
    name = "accreditations"
    verbose_name = _("Accréditations")
