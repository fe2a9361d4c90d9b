"""Addresses within the negotiation a page is about."""

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def party_url(context: Any, code: str) -> str:
    """A party's page in this page's negotiation; on a page about none (an empty tracker), the
    address that opens the default negotiation's."""
    negotiation = context.get("negotiation")
    if negotiation:
        return reverse("tracker:party", args=[negotiation.slug, code])
    return reverse("tracker:party-default", args=[code])
