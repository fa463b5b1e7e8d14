"""Shapes of check-in, the waitlist and released slots."""

from datetime import datetime

from django.utils import timezone
from ninja import Field, Schema

from innobelt.resources.schemas.base import Input


class ResourcesCheckInIn(Input):
    code: str = Field("", max_length=40, description="The short code on the poster at the instrument")
    token: str = Field("", max_length=300, description="Or the token of its QR code")


class ResourcesCheckInPosterOut(Schema):
    resource: int
    code: str
    path: str = Field(..., description="What the QR code at the instrument opens")
    grace_minutes: int | None = Field(..., description="null: the equipment does not use check-in")


class ResourcesWaitlistIn(Input):
    start: datetime
    end: datetime


class ResourcesWaitlistOut(Schema):
    id: int
    resource: int
    resource_title: str
    organisation: str
    start: datetime
    end: datetime
    status: str = Field(..., description="waiting, served (took a released slot) or withdrawn")

    @staticmethod
    def resolve_resource(obj):
        return obj.resource_id

    @staticmethod
    def resolve_resource_title(obj):
        return obj.resource.title

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_start(obj):
        return timezone.localtime(obj.start)

    @staticmethod
    def resolve_end(obj):
        return timezone.localtime(obj.end)


class ResourcesReleasedSlotOut(Schema):
    id: int
    resource: int
    resource_title: str
    start: datetime
    end: datetime
    status: str = Field(..., description="open or taken")

    @staticmethod
    def resolve_resource(obj):
        return obj.resource_id

    @staticmethod
    def resolve_resource_title(obj):
        return obj.resource.title

    @staticmethod
    def resolve_start(obj):
        return timezone.localtime(obj.start)

    @staticmethod
    def resolve_end(obj):
        return timezone.localtime(obj.end)
