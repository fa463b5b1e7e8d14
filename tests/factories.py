"""factory_boy factories for every app's models."""

from datetime import timedelta

import factory
from django.utils import timezone

from innobelt.accounts.models import User
from innobelt.belt.models import City, Industry
from innobelt.organisations.models import Membership, Organisation


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"industry-{n}")
    name_zh = factory.Sequence(lambda n: f"行业{n}")
    name_en = factory.Sequence(lambda n: f"Industry {n}")


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"city-{n}")
    kind = City.Kind.JIANGSU_CITY
    name_zh = factory.Sequence(lambda n: f"城市{n}")
    name_en = factory.Sequence(lambda n: f"City {n}")
    province_zh = "江苏省"
    province_en = "Jiangsu"
    commute_minutes = 60
    gdp_band = City.GdpBand.TRILLION_PLUS
    latitude = "31.5"
    longitude = "120.3"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    username = factory.SelfAttribute("email")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def operator_for(self, create, cities, **kwargs):
        if create and cities:
            self.operator_cities.set(cities)
            self.is_staff = True
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Organisation.Kind.SME
    name_zh = factory.Sequence(lambda n: f"测试企业{n}")
    name_en = factory.Sequence(lambda n: f"Test Company {n}")
    city = factory.SubFactory(CityFactory)

    @factory.post_generation
    def industries(self, create, values, **kwargs):
        if create and values:
            self.industries.set(values)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


# resources (GOI register) ------------------------------------------------------------------

class ResourceFactory(factory.django.DjangoModelFactory):
    """A published, public piece of equipment open every day 08:00–20:00 in one-hour slots."""

    class Meta:
        model = "resources.Resource"
        skip_postgeneration_save = True

    owner = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.LABORATORY)
    kind = "equipment"
    title_zh = factory.Sequence(lambda n: f"测试设备{n}")
    title_en = factory.Sequence(lambda n: f"Test instrument {n}")
    description = "共享测试设备 shared test instrument"
    city = factory.SelfAttribute("owner.city")
    status = "published"
    published_at = factory.LazyFunction(timezone.now)
    contact_name = "Lab office"
    opening_hours = factory.LazyFunction(lambda: [[day, "08:00", "20:00"] for day in range(7)])
    slot_minutes = 60

    @factory.post_generation
    def industries(self, create, values, **kwargs):
        if create and values:
            self.industries.set(values)

    @factory.post_generation
    def refresh(self, create, value, **kwargs):
        if create:
            from innobelt.resources.domain import refresh_search_document

            refresh_search_document(self)


class AccessRequestFactory(factory.django.DjangoModelFactory):
    """An access request in any status (default: active, the terms accepted)."""

    class Meta:
        model = "resources.AccessRequest"

    resource = factory.SubFactory(ResourceFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    requested_by = factory.LazyAttribute(lambda o: MembershipFactory(organisation=o.organisation).user)
    purpose = "Characterise our samples for a pilot run."
    status = "active"
    terms_accepted_at = factory.LazyFunction(timezone.now)


class BookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "resources.Booking"

    access_request = factory.SubFactory(AccessRequestFactory)
    resource = factory.SelfAttribute("access_request.resource")
    organisation = factory.SelfAttribute("access_request.organisation")
    booked_by = factory.SelfAttribute("access_request.requested_by")
    start = factory.Sequence(lambda n: timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=2, hours=n))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=1))


# events (the meeting zone) -----------------------------------------------------------------

class EventFactory(factory.django.DjangoModelFactory):
    """A published forum of an organisation in ten days, 09:00–17:00, without a limit of places."""

    class Meta:
        model = "events.Event"

    kind = "forum"
    status = "published"
    title_zh = factory.Sequence(lambda n: f"测试论坛{n}")
    title_en = factory.Sequence(lambda n: f"Test forum {n}")
    organiser = factory.SubFactory(OrganisationFactory)
    city = factory.SelfAttribute("organiser.city")
    venue_zh = "协同创新中心会议区"
    venue_en = "Meeting zone of the Collaborative Innovation Center"
    starts_at = factory.LazyFunction(lambda: (timezone.localtime() + timedelta(days=10)).replace(hour=9, minute=0, second=0, microsecond=0))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=8))
    published_at = factory.LazyFunction(timezone.now)


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Room"

    event = factory.SubFactory(EventFactory)
    name_zh = factory.Sequence(lambda n: f"会议室{n}")
    name_en = factory.Sequence(lambda n: f"Room {n}")
    capacity = 80


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Speaker"

    event = factory.SubFactory(EventFactory)
    name_zh = factory.Sequence(lambda n: f"嘉宾{n}")
    name_en = factory.Sequence(lambda n: f"Speaker {n}")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Session"

    event = factory.SubFactory(EventFactory)
    title_zh = factory.Sequence(lambda n: f"议程{n}")
    title_en = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.SelfAttribute("event.starts_at")
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Question"

    event = factory.SubFactory(EventFactory)
    label_zh = factory.Sequence(lambda n: f"问题{n}")
    label_en = factory.Sequence(lambda n: f"Question {n}")
    kind = "text"


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration of a member of some organisation."""

    class Meta:
        model = "events.Registration"

    event = factory.SubFactory(EventFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.LazyAttribute(lambda o: MembershipFactory(organisation=o.organisation).user)
    status = "confirmed"
    code = factory.Sequence(lambda n: f"T{n:05d}")
    confirmed_at = factory.LazyFunction(timezone.now)


class PitchFactory(factory.django.DjangoModelFactory):
    """A submitted pitch of a startup (no deck file) at a published roadshow."""

    class Meta:
        model = "events.Pitch"

    event = factory.SubFactory(EventFactory, kind="roadshow")
    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.STARTUP)
    submitted_by = factory.LazyAttribute(lambda o: MembershipFactory(organisation=o.organisation, role=Membership.Role.ADMIN).user)
    title = factory.Sequence(lambda n: f"Pitch {n}")
    funding_need_cny = 5_000_000
    stage = "seed"


# meetings (1:1 meetings of an event) -------------------------------------------------------

class ProgrammeFactory(factory.django.DjangoModelFactory):
    """The 1:1 programme of a published forum: 20-minute meetings, 10 tables, 10 s for the scheduler."""

    class Meta:
        model = "meetings.Programme"

    event = factory.SubFactory(EventFactory)
    meeting_minutes = 20
    default_tables = 10
    time_limit = 10.0


class SlotFactory(factory.django.DjangoModelFactory):
    """A slot in the event's first hours (20 minutes apart, by sequence)."""

    class Meta:
        model = "meetings.Slot"

    programme = factory.SubFactory(ProgrammeFactory)
    starts_at = factory.LazyAttributeSequence(lambda o, n: o.programme.event.starts_at + timedelta(minutes=20 * (n % 20)))
    tables = 10


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A confirmed registration of the programme's event taking part in the meetings."""

    class Meta:
        model = "meetings.Participant"

    programme = factory.SubFactory(ProgrammeFactory)
    registration = factory.SubFactory(RegistrationFactory, event=factory.SelfAttribute("..programme.event"))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "meetings.Meeting"

    programme = factory.SelfAttribute("slot.programme")
    slot = factory.SubFactory(SlotFactory)
    a = factory.SubFactory(ParticipantFactory, programme=factory.SelfAttribute("..programme"))
    b = factory.SubFactory(ParticipantFactory, programme=factory.SelfAttribute("..programme"))
    table = 1
