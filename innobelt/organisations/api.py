from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.responses import Status
from pydantic import field_validator

from innobelt.belt.models import City, Industry
from innobelt.kit.api_auth import PUBLIC_OPERATION, SIGNED_IN
from innobelt.kit.api_errors import InputSchema, errors
from innobelt.names import hidden_characters
from innobelt.organisations import domain, queries
from innobelt.organisations.models import ClaimKindValue, Organisation, OrganisationKindValue
from innobelt.permissions import can

router = Router(tags=["organisations"])


class OrganisationOut(Schema):
    slug: str
    kind: str
    name_zh: str
    name_en: str
    city: str | None
    industries: list[str]
    country: str
    is_goi_member: bool
    verification: str
    is_synthetic: bool

    @staticmethod
    def resolve_city(obj):
        return obj.city.slug if obj.city_id else None

    @staticmethod
    def resolve_industries(obj):
        return [i.code for i in obj.industries.all()]


class OrganisationDetailOut(OrganisationOut):
    description: str
    description_language: str
    credit_code: str | None
    founded_year: int | None
    size_band: str
    website: str


class OrganisationPage(Schema):
    count: int
    items: list[OrganisationOut]


class DirectoryFilters(Schema):
    q: str = Field("", max_length=200)
    city: str = Field("", max_length=50)
    kind: str = Field("", max_length=30)
    industry: str = Field("", max_length=40)
    goi: bool = False
    verified: bool = False
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


def _visible_name(value):
    """The names' model validator, at the API's edge: a 422 naming the field."""
    found = hidden_characters(value) if isinstance(value, str) else []
    if found:
        raise ValueError(f"names cannot contain invisible or text-direction characters ({', '.join(found)})")
    return value


class OrganisationIn(InputSchema):
    name_zh: str = Field("", max_length=120)
    name_en: str = Field("", max_length=160)
    kind: OrganisationKindValue  # a Literal, not the Django enum: two enums named "Kind" would collide in OpenAPI
    city: str = Field(..., max_length=50)
    industries: list[str] = Field(default_factory=list, max_length=30)
    description: str = Field("", max_length=5000)
    description_language: str = Field("zh", pattern="^(zh|en)$")
    credit_code: str | None = Field(None, max_length=18)
    country: str = Field("CN", min_length=2, max_length=2)
    founded_year: int | None = Field(None, ge=1800, le=2100)
    size_band: str = Field("", max_length=10)
    website: str = Field("", max_length=200)

    visible_names = field_validator("name_zh", "name_en")(_visible_name)


class OrganisationPatch(InputSchema):
    name_zh: str | None = Field(None, max_length=120)
    name_en: str | None = Field(None, max_length=160)
    description: str | None = Field(None, max_length=5000)
    description_language: str | None = Field(None, pattern="^(zh|en)$")
    website: str | None = Field(None, max_length=200)
    founded_year: int | None = Field(None, ge=1800, le=2100)
    size_band: str | None = Field(None, max_length=10)
    industries: list[str] | None = Field(None, max_length=30)

    visible_names = field_validator("name_zh", "name_en")(_visible_name)


class ClaimIn(InputSchema):
    kind: ClaimKindValue = "claim"
    position: str = Field("", max_length=100)
    evidence: str = Field("", max_length=2000)


class ClaimOut(Schema):
    id: int
    organisation: str
    user_email: str
    kind: str
    status: str

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_user_email(obj):
        return obj.user.email


class RejectIn(InputSchema):
    reason: str = Field("", max_length=500)


def _city(slug: str) -> City:
    from django.core.exceptions import ValidationError

    city = City.objects.filter(slug=slug).first()
    if city is None:
        raise ValidationError({"city": "Unknown city or district."})
    return city


def _industries(codes: list[str]) -> list[Industry]:
    from django.core.exceptions import ValidationError

    found = list(Industry.objects.filter(code__in=codes))
    if len(found) != len(set(codes)):
        unknown = sorted(set(codes) - {i.code for i in found})
        raise ValidationError({"industries": f"Unknown industry codes: {', '.join(unknown)}"})
    return found


@router.get("/organisations", response={200: OrganisationPage, **errors()}, **PUBLIC_OPERATION)
def list_organisations(request, filters: Query[DirectoryFilters]):
    qs = queries.directory(query=filters.q, city=filters.city, kind=filters.kind, industry=filters.industry,
                           goi_only=filters.goi, verified_only=filters.verified)
    return {"count": qs.count(), "items": list(qs[filters.offset: filters.offset + filters.limit])}


@router.get("/organisations/{slug}", response={200: OrganisationDetailOut, **errors(404)}, **PUBLIC_OPERATION)
def get_organisation(request, slug: str):
    return get_object_or_404(Organisation.objects.select_related("city").prefetch_related("industries"), slug=slug)


@router.post("/organisations", response={201: OrganisationDetailOut, **errors(400, 403)}, auth=SIGNED_IN)
def create_organisation(request, payload: OrganisationIn):
    from django.core.exceptions import PermissionDenied

    if not can(request.auth, "organisations.add_organisation"):
        raise PermissionDenied
    data = payload.dict()
    data["city"] = _city(data["city"])
    industries = _industries(data.pop("industries"))
    data["credit_code"] = data["credit_code"] or None
    org = domain.create_organisation(actor=request.auth, industries=industries, as_admin=True, **data)
    return Status(201, org)


@router.patch("/organisations/{slug}", response={200: OrganisationDetailOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def update_organisation(request, slug: str, payload: OrganisationPatch):
    org = get_object_or_404(Organisation, slug=slug)
    changes = payload.dict(exclude_unset=True)
    industries = changes.pop("industries", None)
    changes = {k: v for k, v in changes.items() if v is not None}
    return domain.update_organisation_profile(
        actor=request.auth, organisation=org, changes=changes,
        industries=_industries(industries) if industries is not None else None,
    )


@router.post("/organisations/{slug}/verify", response={200: OrganisationDetailOut, **errors(403, 404)}, auth=SIGNED_IN)
def verify_organisation(request, slug: str):
    org = get_object_or_404(Organisation, slug=slug)
    return domain.verify_organisation(actor=request.auth, organisation=org)


@router.post("/organisations/{slug}/claims", response={201: ClaimOut, **errors(400, 403, 404)}, auth=SIGNED_IN)
def claim_organisation(request, slug: str, payload: ClaimIn):
    org = get_object_or_404(Organisation, slug=slug)
    claim = domain.claim_organisation(user=request.auth, organisation=org, kind=payload.kind,
                                      position=payload.position, evidence=payload.evidence)
    return Status(201, claim)


@router.get("/claims", response={200: list[ClaimOut], **errors()}, auth=SIGNED_IN)
def list_claims(request):
    return list(queries.claims_to_decide(request.auth)[:200])


@router.post("/claims/{claim_id}/approve", response={200: ClaimOut, **errors(400, 404)}, auth=SIGNED_IN)
def approve_claim(request, claim_id: int):
    claim = get_object_or_404(queries.claims_to_decide(request.auth), pk=claim_id)
    domain.approve_claim(actor=request.auth, claim=claim)
    claim.refresh_from_db()
    return claim


@router.post("/claims/{claim_id}/reject", response={200: ClaimOut, **errors(400, 404)}, auth=SIGNED_IN)
def reject_claim(request, claim_id: int, payload: RejectIn):
    claim = get_object_or_404(queries.claims_to_decide(request.auth), pk=claim_id)
    return domain.reject_claim(actor=request.auth, claim=claim, reason=payload.reason)
