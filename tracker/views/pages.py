from django.shortcuts import render

from tracker.models import Party, Position, Provision, Resolution, Source


def overview(request):
    resolution = Resolution.objects.first()
    context = {
        "resolution": resolution,
        "provisions": Provision.objects.all(),
        "party_count": Party.objects.count(),
        "position_count": Position.objects.active().count(),
        "sources": Source.objects.filter(retracted_at__isnull=True),
    }
    return render(request, "tracker/overview.html", context)
