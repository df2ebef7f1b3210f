"""`{% most_cited_in_result state %}`: the browse page's "most cited in this result" panel,
so the browse view needs no change to show it."""

from django import template

from cableroom.browse.most_cited import most_cited

register = template.Library()


@register.inclusion_tag("cableroom/includes/_most_cited.html")
def most_cited_in_result(state):
    return {"most_cited": most_cited(state)}
