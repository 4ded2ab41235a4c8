"""The core's publishing events: the one way for an app to act on what the core does.

Each is sent inside the transaction that makes the change, with ``sender`` the item's model;
a receiver that reaches outside (a queue, a mail server) waits for the commit. Each app connects
its receivers in its own ``receivers.py``, from its ``AppConfig.ready()``.

Saving an item (``workflow.store()``, by every save of the workflow and of ``press.services``):

- ``pre_publish(item)``: the item is about to be saved published (now or scheduled); a receiver
  may complete it. Press numbers a release here, and moves its publication to its embargo's end.
- ``post_publish(item)``: a save published the item, scheduled it or moved its publication (its
  ``publication_date`` or one of its model's ``planning_fields``). The press list plans the
  sending of a release here.

The pages showing a changed item are purged by Django's model signals (``http_cache.changed``),
with the rules each app registers for its own models in its ``receivers.py``.

Recorded in the item's history (``workflow.record_revision()``, ``proposals``), for the e-mails:

- ``submitted(item, revision)``: the item was put in review; ``revision.user`` did it.
- ``sent_back(item, revision)``: a reviewer sent the item in review back to draft, with
  ``revision.review_note`` for its writer.
- ``published(item, revision)``: the item was published, or scheduled (``item.is_scheduled``).
- ``unpublished(item, revision)``: the item was taken off the site.
- ``change_published(item, proposal)``: the pending change ``proposal`` (its ``user`` proposed
  it) was published by ``proposal.reviewed_by``.
- ``change_discarded(item, proposal)``: the pending change was discarded, with
  ``proposal.review_note`` as its reason.
"""

from django.dispatch import Signal

pre_publish = Signal()
post_publish = Signal()
submitted = Signal()
sent_back = Signal()
published = Signal()
unpublished = Signal()
change_published = Signal()
change_discarded = Signal()
