"""Write-side operations on press releases: numbering, saving, attaching files."""

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from core.publishing import workflow
from press.models import Attachment, PressRelease, ReleaseNumberCounter

NUMBER_FORMAT = "CP-{year}-{sequence:03d}"


@transaction.atomic
def assign_number(*, release: PressRelease) -> str:
    """Give ``release`` the next number of its publication year unless it has one; return it.

    The release row and the year's counter are locked until the transaction ends, so two
    editors publishing at the same moment get two numbers, and a release that was published
    before keeps its number even if a stale form is saved again.
    """
    if release.pk is not None:
        stored = (
            PressRelease.objects.select_for_update()
            .filter(pk=release.pk)
            .values_list("number", flat=True)
            .first()
        )
        if stored:
            release.number = stored
            return stored
    if release.number:
        return release.number
    year = timezone.localtime(release.publication_date or timezone.now()).year
    ReleaseNumberCounter.objects.get_or_create(year=year)
    counter = ReleaseNumberCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    release.number = NUMBER_FORMAT.format(year=year, sequence=counter.last)
    return release.number


def save_release(*, release: PressRelease, author=None) -> PressRelease:
    """Save ``release`` as the workflow does (numbered when first published: ``receivers``)."""
    workflow.store(item=release, user=author)
    return release


def attach_file(
    *, release: PressRelease, title: str, file: File, name: str, position: int = 0
) -> Attachment:
    """Attach ``file`` to ``release`` once its content is checked; raise ValidationError if not."""
    attachment = Attachment(release=release, title=title, position=position)
    attachment.file.save(name, file, save=False)
    attachment.save()
    return attachment
