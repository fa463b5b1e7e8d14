from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from innobelt.belt.models import City, CooperationAgreement


def cities(request):
    rows = City.objects.annotate(org_count=Count("organisations")).prefetch_related("specialties").order_by("position")
    return render(request, "belt/cities.html", {"cities": rows})


def city(request, slug):
    place = get_object_or_404(City.objects.prefetch_related("specialties"), slug=slug)
    organisations = place.organisations.select_related("city").prefetch_related("industries").order_by("-is_goi_member", "name_en")[:60]
    agreements = place.agreements.prefetch_related("cities", "focus_industries").order_by("-signed_on")
    return render(request, "belt/city.html", {
        "city": place, "organisations": organisations, "agreements": agreements,
        "org_count": place.organisations.count(),
    })


def agreements(request):
    rows = CooperationAgreement.objects.prefetch_related("cities", "focus_industries").order_by("-signed_on", "slug")
    return render(request, "belt/agreements.html", {"agreements": rows})


def agreement(request, slug):
    item = get_object_or_404(CooperationAgreement.objects.prefetch_related("cities", "focus_industries", "organisations"), slug=slug)
    actions = item.actions.select_related("owner", "owner_city")
    return render(request, "belt/agreement.html", {"agreement": item, "actions": actions})
