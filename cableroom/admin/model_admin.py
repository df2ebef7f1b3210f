"""The base of every curator's list: a filter value the database cannot hold is a bad
filter, not a server error."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters


class ArchiveModelAdmin(admin.ModelAdmin):
    def get_changelist_instance(self, request):
        # The admin turns any unknown parameter into a lookup (`?origin=9223372036854775808`)
        # and checks it only when the list is counted: SQLite then raises OverflowError for
        # an integer wider than 64 bits. IncorrectLookupParameters makes the admin drop
        # the filters and say so (?e=1), as it does for any other lookup it cannot use.
        try:
            return super().get_changelist_instance(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error
