"""The curators' admin, one module per family of models.

Every write a curator makes here goes through `cableroom.curation.edits`, so it is
recorded in the history (who, when, before, after) and can be reverted.
"""

from django.contrib import admin

from cableroom.admin import (  # noqa: F401 - registers the model admins
    cable_admin,
    change_log,
    entity_admin,
    import_run_admin,
    reading_list_admin,
    review_queue,
)
from cableroom.admin.forms import CuratorLoginForm

admin.site.site_header = "Cable Room curation"
admin.site.site_title = "Cable Room curation"
admin.site.index_title = "Curate the archive"
admin.site.login_form = CuratorLoginForm
