from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from innobelt.belt.models import City, CooperationAgreement, Industry
from innobelt.kit.api_auth import PUBLIC_OPERATION
from innobelt.kit.api_errors import errors

router = Router(tags=["belt"])


class IndustryOut(Schema):
    code: str
    name_zh: str
    name_en: str


class CityOut(Schema):
    slug: str
    kind: str
    name_zh: str
    name_en: str
    province_zh: str
    province_en: str
    commute_minutes: int | None
    gdp_band: str
    latitude: float
    longitude: float
    specialties: list[IndustryOut]


class ActionOut(Schema):
    description_zh: str
    description_en: str
    due_on: date | None
    status: str


class AgreementOut(Schema):
    slug: str
    name_zh: str
    name_en: str
    signed_on: date | None
    status: str
    cities: list[str]
    focus_industries: list[str]

    @staticmethod
    def resolve_cities(obj):
        return [c.slug for c in obj.cities.all()]

    @staticmethod
    def resolve_focus_industries(obj):
        return [i.code for i in obj.focus_industries.all()]


class AgreementDetailOut(AgreementOut):
    text_zh: str
    text_en: str
    actions: list[ActionOut]

    @staticmethod
    def resolve_actions(obj):
        return list(obj.actions.all())


@router.get("/industries", response={200: list[IndustryOut], **errors()}, **PUBLIC_OPERATION)
def list_industries(request):
    return Industry.objects.order_by("code")


@router.get("/cities", response={200: list[CityOut], **errors()}, **PUBLIC_OPERATION)
def list_cities(request):
    return City.objects.prefetch_related("specialties").order_by("position")


@router.get("/cities/{slug}", response={200: CityOut, **errors(404)}, **PUBLIC_OPERATION)
def get_city(request, slug: str):
    return get_object_or_404(City.objects.prefetch_related("specialties"), slug=slug)


@router.get("/agreements", response={200: list[AgreementOut], **errors()}, **PUBLIC_OPERATION)
def list_agreements(request):
    return CooperationAgreement.objects.prefetch_related("cities", "focus_industries").order_by("-signed_on", "slug")


@router.get("/agreements/{slug}", response={200: AgreementDetailOut, **errors(404)}, **PUBLIC_OPERATION)
def get_agreement(request, slug: str):
    return get_object_or_404(CooperationAgreement.objects.prefetch_related("cities", "focus_industries", "actions"), slug=slug)
