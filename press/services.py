"""Write-side operations on press releases: numbering, saving, attaching files."""

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from core.models import Status
from press.models import Attachment, PressRelease, ReleaseNumberCounter
from press.signals import publication_planned

NUMBER_FORMAT = "CP-{year}-{sequence:03d}"
# What decides when the public, and embargo-trusted journalists, get a release.
PLANNING_FIELDS = ("status", "publication_date", "embargo_until")


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


@transaction.atomic
def save_release(*, release: PressRelease, author=None) -> PressRelease:
    """Save ``release``, numbering it when it is published for the first time.

    A release published before the end of its embargo goes public when the embargo ends. A
    save that publishes the release, schedules it or moves its publication or embargo time
    sends ``publication_planned`` (the press list sends the release then).
    """
    if release.pk is None and release.author_id is None and author is not None:
        release.author = author
    before = (
        PressRelease.objects.filter(pk=release.pk).values_list(*PLANNING_FIELDS).first()
        if release.pk is not None
        else None
    )
    if release.status == Status.PUBLISHED:
        if (
            release.embargo_until is not None
            and release.publication_date is not None
            and release.publication_date < release.embargo_until
        ):
            # Published now under embargo: trusted journalists get it at once, the public at
            # the end of the embargo (as the admin form does for « Publier maintenant »).
            release.publication_date = release.embargo_until
        assign_number(release=release)
    release.save()
    after = tuple(getattr(release, name) for name in PLANNING_FIELDS)
    if release.status == Status.PUBLISHED and after != before:
        publication_planned.send(sender=PressRelease, release=release)
    return release


def attach_file(
    *, release: PressRelease, title: str, file: File, name: str, position: int = 0
) -> Attachment:
    """Attach ``file`` to ``release`` once its content is checked; raise ValidationError if not."""
    attachment = Attachment(release=release, title=title, position=position)
    attachment.file.save(name, file, save=False)
    attachment.save()
    return attachment
