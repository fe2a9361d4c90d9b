"""/methodology/: what the tracker's words mean, from the definitions the chips use."""

from django.shortcuts import render

from tracker.models import Attribution, Stance
from tracker.models.positions import ATTRIBUTION_DEFINITIONS, STANCE_DEFINITIONS
from tracker.views.caching import cached_for_readers, on_shared
from tracker.views.chips import attribution_mark, stance_chip


@cached_for_readers(depends=on_shared)
def methodology(request):
    context = {
        "stances": [
            (stance.value, stance.label, stance_chip(stance.value), STANCE_DEFINITIONS[stance])
            for stance in Stance
        ],
        "attributions": [
            (kind.value, kind.label, attribution_mark(kind.value), ATTRIBUTION_DEFINITIONS[kind])
            for kind in Attribution
        ],
    }
    return render(request, "tracker/methodology.html", context)
