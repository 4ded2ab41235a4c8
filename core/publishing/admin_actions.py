"""The admin's delete action, worded so that its adjective agrees with each model's name."""

from django.contrib.admin import actions
from django.utils.translation import gettext_lazy

from core.french import agree


class AgreeingDescription:
    """An action's label, masculine or feminine after the model it is shown for.

    The admin fills a label in with ``label % {"verbose_name": …, "verbose_name_plural": …}``;
    this picks the form that agrees with ``verbose_name`` before filling it in.
    """

    def __init__(self, masculine, feminine):
        self.masculine, self.feminine = masculine, feminine

    def __mod__(self, names):
        return agree(names["verbose_name"], self.masculine, self.feminine) % names

    def __str__(self):
        return str(self.masculine)


def delete_selected(modeladmin, request, queryset):
    return actions.delete_selected(modeladmin, request, queryset)


delete_selected.allowed_permissions = ("delete",)
delete_selected.short_description = AgreeingDescription(
    gettext_lazy("Supprimer les %(verbose_name_plural)s sélectionnés"),
    gettext_lazy("Supprimer les %(verbose_name_plural)s sélectionnées"),
)
