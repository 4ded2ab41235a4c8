from django.contrib.flatpages.models import FlatPage
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from core.legal_pages import forget_legal_pages
from core.sanitize import clean_html


@receiver(pre_save, sender=FlatPage)
def clean_flatpage_content(sender, instance, **kwargs):
    """Sanitise legal pages on every path into the database, not only in the admin form."""
    instance.content = clean_html(instance.content)


@receiver(post_save, sender=FlatPage)
@receiver(post_delete, sender=FlatPage)
def refresh_footer(sender, **kwargs):
    """Let the footer show a legal page's new title or address at once."""
    forget_legal_pages()
