"""`{% jinja_macro "template" "name" args... %}`: a macro of a Jinja2 template (see
`jinja_environment`) called from a Django template, so the pieces the browse page renders
with Jinja2 (a facet panel, the chips) have one markup on every page that shows them."""

from django import template
from django.template import engines

register = template.Library()


@register.simple_tag
def jinja_macro(template_name: str, name: str, *args):
    module = engines["jinja2"].env.get_template(template_name).module
    # Autoescaped: the macro returns Markup, which Django takes as safe.
    return getattr(module, name)(*args)
