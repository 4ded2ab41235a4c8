"""The editorial workflow's events, for other parts of the site to act on (e-mails).

Each is sent inside the transaction that makes the change, with ``sender`` the item's model;
a receiver that reaches outside (a queue, a mail server) waits for the commit.

- ``submitted(item, revision)``: the item was put in review; ``revision.user`` did it.
- ``sent_back(item, revision)``: a reviewer sent the item in review back to draft, with
  ``revision.review_note`` for its writer.
- ``published(item, revision)``: the item was published, or scheduled (``item.is_scheduled``).
- ``change_published(item, proposal)``: the pending change ``proposal`` (its ``user`` proposed
  it) was published by ``proposal.reviewed_by``.
- ``change_discarded(item, proposal)``: the pending change was discarded, with
  ``proposal.review_note`` as its reason.
"""

from django.dispatch import Signal

submitted = Signal()
sent_back = Signal()
published = Signal()
change_published = Signal()
change_discarded = Signal()
