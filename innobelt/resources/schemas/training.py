"""Shapes of training records and training requests."""

from datetime import date, datetime

from django.utils import timezone
from ninja import Field, Schema

from innobelt.resources.schemas.base import Input


class ResourcesTrainingRecordOut(Schema):
    id: int
    resource: int
    person: str
    person_id: int
    trained_by: str | None
    trained_on: date
    expires_on: date | None = Field(..., description="null: the training does not expire")
    note: str

    @staticmethod
    def resolve_resource(obj):
        return obj.resource_id

    @staticmethod
    def resolve_person(obj):
        return str(obj.person)

    @staticmethod
    def resolve_trained_by(obj):
        return str(obj.trained_by) if obj.trained_by_id else None


class ResourcesTrainingRecordIn(Input):
    person: int = Field(..., description="Id of a member of an organisation whose request for the equipment was approved")
    trained_on: date | None = Field(None, description="Default: today (Asia/Shanghai)")
    expires_on: date | None = None
    note: str = Field("", max_length=300)


class ResourcesTrainingRequestIn(Input):
    message: str = Field("", max_length=500)


class ResourcesTrainingScheduleIn(Input):
    start: datetime
    end: datetime
    note: str = Field("", max_length=300)


class ResourcesTrainingDeclineIn(Input):
    answer: str = Field("", max_length=500)


class ResourcesTrainingRequestOut(Schema):
    id: int
    resource: int
    organisation: str
    person: str
    message: str
    status: str = Field(..., description="requested, scheduled, trained, declined or withdrawn")
    session: int | None = Field(..., description="The training session's booking")
    session_start: datetime | None
    session_end: datetime | None
    answer: str
    created_at: datetime

    @staticmethod
    def resolve_resource(obj):
        return obj.resource_id

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_person(obj):
        return str(obj.person)

    @staticmethod
    def resolve_session(obj):
        return obj.session_id

    @staticmethod
    def resolve_session_start(obj):
        return timezone.localtime(obj.session.start) if obj.session_id else None

    @staticmethod
    def resolve_session_end(obj):
        return timezone.localtime(obj.session.end) if obj.session_id else None

    @staticmethod
    def resolve_created_at(obj):
        return timezone.localtime(obj.created_at)
