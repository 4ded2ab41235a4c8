from django.contrib.flatpages.models import FlatPage
from django.db.models.signals import pre_save
from django.dispatch import receiver

from namur_site.sanitize import clean_html


@receiver(pre_save, sender=FlatPage)
def clean_flatpage_content(sender, instance, **kwargs):
    """Sanitise legal pages on every path into the database, not only in the admin form."""
    instance.content = clean_html(instance.content)
