from django import template

from core.photos import embed

register = template.Library()


@register.filter
def library_images(html, request=None):
    """Print a sanitised body with its library images: ``{{ body|library_images:request }}``.

    With the request, the page carries the images' cache keys: editing an image purges it.
    """
    return embed.show_images(request, html)


@register.simple_tag
def library_figure(image, lazy=False):
    """Print a library image as a figure with its caption and credit (a lead image)."""
    return embed.figure(image, lazy=lazy) if image else ""
