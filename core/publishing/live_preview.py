"""The live preview beside the change form: the public page as it would be with the form's values.

``js/admin-live-preview.js`` posts the form, a moment after the editor stops typing, to an admin
view that is CSRF-protected, never cached, and only for those who may change the item. The view
writes the item with those values inside a transaction that is rolled back
(``proposals.rehearsal()``, as the pending version's preview does) and asks the item's own public
view for its page: the page is made by the very code of the public one, and nothing is kept,
purged, numbered or e-mailed. Files are left out: a newly chosen image or attachment shows once
the form is saved.
"""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseNotAllowed, JsonResponse
from django.urls import path, resolve, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.publishing import proposals


class LivePreviewMixin:
    """Admin of a Publishable model: the live preview's address and view."""

    def live_preview_urls(self) -> list:
        name = f"{self.opts.app_label}_{self.opts.model_name}_live_preview"
        view = self.admin_site.admin_view(self.live_preview_view)
        return [
            path("add/live-preview/", view, name=name),
            path("<path:object_id>/live-preview/", view, name=name),
        ]

    def live_preview_url(self, obj) -> str:
        name = f"admin:{self.opts.app_label}_{self.opts.model_name}_live_preview"
        return reverse(name, args=[obj.pk]) if obj is not None and obj.pk else reverse(name)

    def may_preview_live(self, request, obj=None) -> bool:
        if obj is None and not self.has_add_permission(request):
            return False
        return self.has_change_permission(request, obj)

    def live_preview_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404(_("Ce contenu n’existe pas ou plus."))
        if not self.may_preview_live(request, obj):
            raise PermissionDenied
        if request.FILES:
            # Nothing is stored for a preview, not even for a moment.
            return JsonResponse({"errors": [_("L’aperçu ne prend pas de fichiers.")]}, status=400)
        with proposals.rehearsal():
            html, problems = self._render_live_preview(request, obj)
        return JsonResponse({"html": html, "errors": problems})

    def _render_live_preview(self, request, obj) -> tuple[str | None, list[str]]:
        change = obj is not None
        data = request.POST.copy()
        # The preview shows what the form holds, even if someone saved the item meanwhile.
        data.pop("edit_token", None)
        form = self.get_form(request, obj, change=change)(data, instance=obj)
        if not form.is_valid():
            return None, form_problems(form)
        item = form.save(commit=False)
        if item.pk is None:
            item.author = request.user
        item.save()
        form.save_m2m()
        problems = []
        formsets, _inlines = self._create_formsets(request, item, change=change)
        for formset in formsets:
            if formset.is_valid():
                formset.save()
            else:
                problems.append(
                    _("%(part)s : pas encore dans l’aperçu, à compléter ou corriger.")
                    % {"part": capfirst(formset.model._meta.verbose_name_plural)}
                )
        response = public_page(request, item)
        if response.status_code != 200:
            return None, [_("La page de ce contenu ne peut pas être affichée.")]
        return response.content.decode(response.charset), problems


def form_problems(form) -> list[str]:
    """Return the form's errors as « Titre : Ce champ est obligatoire. »."""
    problems = []
    for name, errors in form.errors.items():
        for error in errors:
            if name in form.fields:
                problems.append(f"{capfirst(form.fields[name].label)} : {error}")
            else:
                problems.append(str(error))
    return problems


def public_page(request, item):
    """Return the page ``item``'s public view gives ``request``'s user (staff see drafts)."""
    address = item.get_absolute_url()
    match = resolve(address)
    page = HttpRequest()
    page.method = "GET"
    page.path = page.path_info = address
    page.META = {
        **{key: value for key, value in request.META.items() if not key.startswith("CONTENT_")},
        "REQUEST_METHOD": "GET",
        "PATH_INFO": address,
        "QUERY_STRING": "",
    }
    page.COOKIES = request.COOKIES
    page.user = request.user
    page.session = request.session
    page.resolver_match = match
    response = match.func(page, *match.args, **match.kwargs)
    if hasattr(response, "render"):
        response.render()  # while the form's values are in the database
    return response
