"""`/tags/`: the TAGS glossary. The work is in `cableroom.browse.glossary`."""

from django.shortcuts import render

from cableroom.browse.glossary import GlossaryForm, build_glossary
from cableroom.browse.index import browse_index


def tag_glossary(request):
    """The tags cables use, A–Z and by kind, with counts; `q` also finds unused codes."""
    form = GlossaryForm(request.GET)
    if not form.is_valid():
        problems = [(name, " ".join(messages)) for name, messages in form.errors.items()]
        context = {"problems": problems}
        return render(request, "cableroom/tag_glossary.html", context, status=400)
    glossary = build_glossary(browse_index(), request.path, **form.cleaned_data)
    return render(request, "cableroom/tag_glossary.html", {"glossary": glossary})
