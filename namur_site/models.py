# The site's models live in the core (namur_site.core.models); Django finds an app's models here.
from namur_site.core.models import (  # noqa: F401
    Publishable,
    PublishableQuerySet,
    Revision,
    Status,
    WorkerHeartbeat,
)
