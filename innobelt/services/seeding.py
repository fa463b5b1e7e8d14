"""Loading the demo service zone (idempotent): providers and their services, a Putuo operator, a Wuxi
startup with a cross-provincial request worked through and rated, one waiting for an answer, and one
overdue on the Putuo operator's queue. Everything goes through the domain functions."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from innobelt.accounts.models import User
from innobelt.belt.models import City
from innobelt.organisations.domain import refresh_search_document as refresh_organisation
from innobelt.organisations.models import Membership, Organisation
from innobelt.services import domain
from innobelt.services.models import Service, ServiceRequest
from innobelt.services.seed_data import FIRMS, PEOPLE, PROVIDERS

S = ServiceRequest.Status


def _organisation(row: dict[str, Any], cities: dict) -> Organisation:
    org, _created = Organisation.objects.update_or_create(slug=row["slug"], defaults={
        "kind": row["kind"], "name_zh": row["name_zh"], "name_en": row["name_en"], "city": cities[row["city"]],
        "verification": Organisation.Verification.VERIFIED, "description_language": "zh"})
    refresh_organisation(org)
    return org


def _people(password: str, cities: dict) -> dict:
    people = {}
    for email, name, membership, operator_cities in PEOPLE:
        user, created = User.objects.get_or_create(email=email, defaults={
            "username": email, "display_name": name, "email_confirmed_at": timezone.now(),
            "is_staff": bool(operator_cities)})
        if created:
            user.set_password(password)
            user.save()
            user.operator_cities.set([cities[c] for c in operator_cities])
        if membership:
            Membership.objects.get_or_create(user=user, organisation=Organisation.objects.get(slug=membership[0]),
                                             defaults={"role": membership[1]})
        people[email] = user
    return people


@transaction.atomic
def load_services_demo(*, password: str) -> dict:
    cities = {c.slug: c for c in City.objects.all()}
    offered = 0
    for row in PROVIDERS:
        org = _organisation(row, cities)
        services: list[dict[str, Any]] = row["services"]
        for service in services:
            if Service.objects.filter(provider__organisation=org, title_en=service["title_en"]).exists():
                continue
            fields = {k: v for k, v in service.items() if k != "cities"}
            domain.offer_service(actor=None, organisation=org, cities=[cities[c] for c in service["cities"]],
                                 load_limit=int(row["load_limit"]), **fields)
            offered += 1
    for row in FIRMS:
        _organisation(row, cities)
    people = _people(password, cities)
    firm = Organisation.objects.get(slug="wuxi-iot-sensing-startup")
    if not ServiceRequest.objects.filter(firm=firm).exists():
        _requests(firm, people, cities)
    return {"service zone": f"{Service.objects.count()} services ({offered} new), "
                            f"{ServiceRequest.objects.count()} requests"}


def _requests(firm: Organisation, people: dict, cities: dict) -> None:
    founder, provider = people["wuxi-startup@innobelt.local"], people["putuo-services@innobelt.local"]
    entry = Service.objects.get(title_en="Shanghai market entry and site selection")

    def ask(need: str, *, days_ago: int = 0, category: str = "market_entry") -> ServiceRequest:
        return domain.request_service(actor=founder, firm=firm, category=category, need=need,
                                      firm_city=cities["wuxi"], target_city=cities["putuo"], language="zh",
                                      wanted_service=entry if category == "market_entry" else None,
                                      now=timezone.now() - timedelta(days=days_ago))

    done = ask("我们计划在普陀设立上海销售办公室，需要选址建议和工商登记指引。", days_ago=20)
    for to in (S.ACCEPTED, S.IN_PROGRESS, S.RESOLVED):
        done = domain.change_status(actor=provider, request=done, to=to)
    domain.confirm_request(actor=founder, request=done, rating=5, comment="响应迅速，选址建议很实用。")
    ask("需要了解在普陀参加政府采购的资质要求。")
    ask("员工社保跨省转移接续，需要在上海办理。", days_ago=30, category="government")
    domain.escalate_overdue_requests()
