"""Stance chips and attribution marks in templates: see tracker/views/chips.py."""

from typing import Any

from django import template
from django.utils.safestring import SafeString

from tracker.views.chips import attribution_mark, stance_chip

register = template.Library()


@register.simple_tag
def chip(stance: Any, attribution: Any = "", words: bool = False) -> SafeString:
    """{% chip position.stance position.attribution %}: the stance with how it is attributed."""
    return stance_chip(str(stance), str(attribution or ""), words=words)


@register.simple_tag
def attribution(code: Any) -> SafeString:
    """{% attribution position.attribution %}: the attribution as a mark and words."""
    return attribution_mark(str(code))
