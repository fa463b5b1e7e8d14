"""The demo the platform starts with: the Belt from the seeds, and accounts to try every role."""

from django.db import transaction

from innobelt.accounts.models import User
from innobelt.belt.models import City
from innobelt.belt.seeding import load_belt
from innobelt.organisations.models import Membership, Organisation
from innobelt.organisations.seeding import load_seed_organisations

DEMO_PASSWORD = "innobelt-demo-2026"

DEMO_ACCOUNTS = [
    # e-mail, name, platform operator, operator cities, (organisation slug, role)
    ("operator@innobelt.local", "平台运营 Platform operator", True, [], None),
    ("pudong@innobelt.local", "浦东科经委 Pudong operator", False, ["pudong"], None),
    ("baoshan@innobelt.local", "宝山科委 Baoshan operator", False, ["baoshan"], None),
    ("wusong@innobelt.local", "吴淞实验室管理员 Wusong admin", False, [], ("wusong-material-laboratory", "admin")),
    ("comac@innobelt.local", "商飞创新谷管理员 COMAC admin", False, [], ("comac-innovation-valley", "admin")),
]


@transaction.atomic
def load_demo(stdout=None) -> dict:
    summary = load_belt()
    summary["organisations from the seeds"] = load_seed_organisations()
    from django.utils import timezone

    for email, name, platform, cities, membership in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(email=email, defaults={
            "username": email, "display_name": name, "is_platform_operator": platform,
            "is_staff": platform or bool(cities), "is_superuser": platform, "email_confirmed_at": timezone.now(),
        })
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.operator_cities.set(City.objects.filter(slug__in=cities))
        if membership:
            Membership.objects.get_or_create(user=user, organisation=Organisation.objects.get(slug=membership[0]),
                                             defaults={"role": membership[1]})
    summary["demo accounts"] = f"{', '.join(a[0] for a in DEMO_ACCOUNTS)} (password {DEMO_PASSWORD})"
    from innobelt.resources.seeding import load_resources_demo

    summary.update(load_resources_demo(password=DEMO_PASSWORD))
    from innobelt.events.seeding import load_events_demo

    summary.update(load_events_demo(password=DEMO_PASSWORD))
    from innobelt.meetings.seeding import load_meetings_demo

    summary.update(load_meetings_demo(password=DEMO_PASSWORD))
    return summary
