"""`/feed/`: the browse page's results as an Atom feed, for any browse URL's parameters."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from cableroom.browse.engine import browse
from cableroom.browse.facets import path_with_added_args

FEED_SIZE = 50


class BrowseFeed(Feed):
    """The newest (or best-matching) cables of a browse request."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        state = browse(request)
        if state.redirect:
            return HttpResponseRedirect(
                state.redirect.replace(request.path, reverse("browse-feed"), 1)
            )
        if state.problems:
            text = "\n".join(f"{p.parameter}: {p.message}" for p in state.problems)
            return HttpResponseBadRequest(text + "\n", content_type="text/plain; charset=utf-8")
        request.browse_state = state
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return request.browse_state

    def title(self, state):
        query = state.constraints.query.text
        return f"Cable Room: {query}" if query else "Cable Room: cables"

    def subtitle(self, state):
        return f"{state.count} matching cable{'s' if state.count != 1 else ''}"

    def link(self, state):
        return path_with_added_args(state.request, [], path=reverse("browse"))

    def items(self, state):
        return state.page_cables(page=1, per_page=FEED_SIZE)

    def item_title(self, cable):
        return f"{cable.reference_id}: {cable.subject or '(no subject)'}"

    def item_description(self, cable):
        # Atom1Feed marks the summary type="html": feed readers render it, so escape it.
        origin = cable.origin.name if cable.origin else "unknown post"
        return escape(f"{cable.classification} cable from {origin}.")

    def item_pubdate(self, cable):
        return cable.date_time

    def item_updateddate(self, cable):
        return cable.updated_at

    def item_guid(self, cable):
        return cable.get_absolute_url()
