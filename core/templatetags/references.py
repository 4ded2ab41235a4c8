"""``{{ article.body|references:request }}``: a sanitised body with its links to the site's items
at their current addresses (core.references), the page keyed to those items for the cache."""

from django import template
from django.utils.safestring import mark_safe

from core.caching import http_cache
from core.references import expand_references

register = template.Library()


@register.filter
def references(html, request=None):
    """Return sanitised ``html`` to print; ``request``'s page carries the targets' keys."""
    expanded, keys = expand_references(str(html or ""))
    if request is not None and keys:
        http_cache.show(request, *keys)
    # Sanitised when saved (core.fields.SanitizedHTMLField); only addresses were rewritten.
    return mark_safe(expanded)  # noqa: S308
