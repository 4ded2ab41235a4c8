"""Serve uploaded media when no web server or storage does (``SERVE_MEDIA``)."""

from django.views.static import serve

from core.files import images

# A rendition's address names its original (unique in the storage) and its width: what it
# serves never changes, so browsers and Varnish may keep it for a year without asking again.
IMMUTABLE = "public, max-age=31536000, immutable"


def serve_media(request, path, document_root):
    response = serve(request, path, document_root=document_root)
    if response.status_code == 200 and images.is_rendition(path):
        response["Cache-Control"] = IMMUTABLE
    return response
