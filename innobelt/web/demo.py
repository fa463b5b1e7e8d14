"""The demo the platform starts with: the Belt from the seeds, and accounts to try every role.

The demo is loaded once, into a new database: `load_demo` records a `DemoData` row and does
nothing afterwards, so demo accounts deleted or changed later stay deleted or changed. Every
demo account gets the published password `DEMO_PASSWORD`; a production start (not
INNOBELT_EMBEDDED) refuses to run while an active account still has it (innobelt/web/checks.py).
See docs/adr/0011-demo-data-and-organisation-identity.md.
"""

import logging
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction

from innobelt.accounts.models import User
from innobelt.belt.models import City
from innobelt.belt.seeding import load_belt
from innobelt.organisations.models import Membership, Organisation
from innobelt.organisations.seeding import load_seed_organisations
from innobelt.web.models import DemoData

DEMO_PASSWORD = "innobelt-demo-2026"

DEMO_ACCOUNTS = [
    # e-mail, name, platform operator, operator cities, (organisation slug, role)
    ("operator@innobelt.local", "平台运营 Platform operator", True, [], None),
    ("pudong@innobelt.local", "浦东科经委 Pudong operator", False, ["pudong"], None),
    ("baoshan@innobelt.local", "宝山科委 Baoshan operator", False, ["baoshan"], None),
    ("wusong@innobelt.local", "吴淞实验室管理员 Wusong admin", False, [], ("wusong-material-laboratory", "admin")),
    ("comac@innobelt.local", "商飞创新谷管理员 COMAC admin", False, [], ("comac-innovation-valley", "admin")),
]


def demo_emails() -> set[str]:
    """Every account the demo makes with the published password (the crowd of event attendees
    gets unusable passwords), and those recorded when it was loaded."""
    from innobelt.events.seed_data import INVESTOR, ORGANISER, STARTUPS
    from innobelt.meetings.seeding import PEOPLE
    from innobelt.resources.seed_data import SEEKERS, TRAINEE
    from innobelt.services.seed_data import PEOPLE as SERVICE_PEOPLE

    emails = {row[0] for row in DEMO_ACCOUNTS} | {row["email"] for row in SEEKERS} | {TRAINEE["email"], ORGANISER["email"], INVESTOR["email"]}
    emails |= {row["email"] for row in STARTUPS} | {row[0] for row in PEOPLE} | {row[0] for row in SERVICE_PEOPLE}
    emails |= {row["email"] for row in STARTUPS} | {row[0] for row in PEOPLE}
    from innobelt.financing import seed_data as financing
    from innobelt.talent import seed_data as talent

    emails |= {row["email"] for row in (*financing.STARTUPS, *financing.INVESTORS)} | {e for e, _ in financing.REVIEWERS}
    emails |= {row["email"] for row in talent.PROFILES}
    from innobelt.vouchers.seed_data import PEOPLE as VOUCHER_FIRMS

    emails |= {row["email"] for row in VOUCHER_FIRMS}
    from innobelt.showcase.seeding import INCUBATOR_ACCOUNTS

    emails |= {row[0] for row in INCUBATOR_ACCOUNTS}
    for marker in DemoData.objects.all():
        emails |= set(marker.accounts)
    return emails


def accounts_with_published_password() -> list[str]:
    """E-mails of active demo accounts whose password is still DEMO_PASSWORD.

    The demo gives all its accounts one password hash, so this checks each distinct hash once."""
    by_hash = defaultdict(list)
    for email, encoded in User.objects.filter(email__in=demo_emails(), is_active=True).values_list("email", "password"):
        by_hash[encoded].append(email)
    return sorted(email for encoded, emails in by_hash.items() if check_password(DEMO_PASSWORD, encoded) for email in emails)


# Who to sign in as and what to try (README lists the same; `load_demo` prints it).
DEMO_GUIDE = [
    ("operator@innobelt.local", "platform operator", "verify organisations, the admin, every city"),
    ("pudong@innobelt.local", "district operator (Pudong)", "claims and verifications of Pudong's organisations"),
    ("baoshan@innobelt.local", "district operator (Baoshan)", "the same for Baoshan; scoped admin"),
    ("wusong@innobelt.local", "admin of Wusong Material Laboratory", "approve access requests, bookings, utilisation"),
    ("comac@innobelt.local", "admin of COMAC Innovation Valley", "1:1 meetings, matches for the firm"),
    ("sme@innobelt.local", "admin of an SME (MembraneTech)", "request and book instruments"),
    ("startup@innobelt.local", "admin of a startup (WaferTest)", "find partners, request resources"),
    ("sme-lab@innobelt.local", "technician of MembraneTech", "training requests: one waiting, one scheduled; then book"),
    ("putuo-center@innobelt.local", "event organiser (Collaborative Innovation Center)",
     "registrations (download, write to them, print badges), check-in, the 1:1 scheduler and grid"),
    ("investor@innobelt.local", "investor", "rate roadshow pitches"),
    ("founder@innobelt.local", "startup founder", "pitch at the roadshow, register for events"),
    ("meet-1@innobelt.local", "1:1 meeting participant (also meet-2 … meet-6)", "the agenda and its calendar feed"),
    ("xintu@innobelt.local", "admin of a Wuxi IC-design startup (XinTu)", "a funding need, the IC fund, investors who fit"),
    ("vc@innobelt.local", "Shanghai investor (Pujiang Deep Tech Ventures)", "funding needs ranked by the thesis, meetings"),
    ("reviewer-1@innobelt.local", "reviewer of the dedicated funds (also reviewer-2)", "score fund applications"),
    ("talent-ic@innobelt.local", "an IC designer with a talent profile", "positions for me, GOI priority, applying"),
    ("plugandplay@innobelt.local", "admin of an incubator (Plug and Play Shanghai; also xnode@)",
     "the startups it incubates: name one, its admin confirms"),
    ("nanjing-sme@innobelt.local", "admin of a Nanjing SME (MicroNano Sensing; also putuo-sme@)",
     "a Nanjing voucher spent at COMAC's Pudong chamber; Putuo's at a Nanjing laboratory"),
    ("nanjing-lab@innobelt.local", "admin of the Nanjing IC Testing Center", "a sample job paid by a Putuo voucher, its claim"),
]


@contextmanager
def quiet_side_effects() -> Iterator[None]:
    """While the demo loads: no e-mail to its invented addresses (the in-app inbox still gets every
    message), no per-record re-indexing (the index is built once at the end) and no task log lines."""
    saved = settings.EMAIL_BACKEND, getattr(settings, "MATCHING_AUTO_INDEX", True)
    loggers = {name: logging.getLogger(name) for name in ("celery.app.trace", "kombu.connection")}
    levels = {name: logger.level for name, logger in loggers.items()}
    settings.EMAIL_BACKEND, settings.MATCHING_AUTO_INDEX = "django.core.mail.backends.dummy.EmailBackend", False
    for logger in loggers.values():
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        settings.EMAIL_BACKEND, settings.MATCHING_AUTO_INDEX = saved
        for name, logger in loggers.items():
            logger.setLevel(levels[name])


def demo_loaded_at():
    """When the demo was loaded into this database, or None."""
    return DemoData.objects.order_by("pk").values_list("loaded_at", flat=True).first()


@transaction.atomic
def load_demo(stdout=None) -> dict:
    """Load the demo, once: when it is already loaded, change nothing (deleted demo accounts
    stay deleted) and say so in the summary. The `load_demo` command also leaves alone a
    database that already holds accounts, unless --force."""
    loaded_at = demo_loaded_at()
    if loaded_at is not None:
        return {"demo data": f"already loaded on {loaded_at:%Y-%m-%d %H:%M}; nothing was changed"}
    emails = demo_emails()
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
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
    from innobelt.vouchers.seeding import load_vouchers_demo

    summary.update(load_vouchers_demo())
    from innobelt.services.seeding import load_services_demo

    summary.update(load_services_demo(password=DEMO_PASSWORD))
    from innobelt.financing.seeding import load_financing_demo

    summary.update(load_financing_demo(password=DEMO_PASSWORD))
    from innobelt.talent.seeding import load_talent_demo

    summary.update(load_talent_demo(password=DEMO_PASSWORD))  # after financing: a position of its Wuxi startup
    from innobelt.challenges.seeding import load_challenges_demo

    summary.update(load_challenges_demo())  # after resources: challenges offer the firms' resources
    from innobelt.showcase.seeding import load_showcase_demo

    summary.update(load_showcase_demo(password=DEMO_PASSWORD))
    created = sorted(set(User.objects.filter(email__in=emails).values_list("email", flat=True)) - existing)
    # One hash for every account the demo made: the production check verifies it once.
    User.objects.filter(email__in=created).update(password=make_password(DEMO_PASSWORD))
    DemoData.objects.create(accounts=created)
    return summary
