"""A person's talent profile and applications to positions in their PIPL export (accounts.personal_data).

Erasure deletes the profile (with its recognitions: they describe the person only) and clears the messages
of their applications; the applications stay with the organisations, pointing at the account's pseudonym.
"""

from innobelt.accounts import personal_data
from innobelt.talent.models import PositionApplication, TalentProfile


def _when(value):
    return value.isoformat() if value else None


def _profile(user) -> list[dict]:
    profiles = TalentProfile.objects.filter(user=user).select_related("field").prefetch_related("cities", "recognitions__city")
    return [
        {
            "headline": p.headline,
            "summary": p.summary,
            "field": p.field.code if p.field else None,
            "skills": p.skills,
            "degrees": p.degrees,
            "languages": p.languages,
            "cities": sorted(c.slug for c in p.cities.all()),
            "visibility": p.visibility,
            "updated_at": _when(p.updated_at),
            "recognitions": [
                {"programme": r.programme, "district": r.city.slug, "review": r.review_note, "granted_at": _when(r.granted_at)}
                for r in p.recognitions.all()
            ],
        }
        for p in profiles
    ]


def _applications(user) -> list[dict]:
    qs = PositionApplication.objects.filter(applicant=user).select_related("position", "position__organisation").order_by("created_at", "pk")
    return [
        {
            "position": a.position_id,
            "position_title": a.position.title,
            "organisation": a.position.organisation.slug,
            "message": a.message,
            "status": a.status,
            "decline_reason": a.decline_reason,
            "applied_at": _when(a.created_at),
        }
        for a in qs
    ]


def _erase(user) -> None:
    TalentProfile.objects.filter(user=user).delete()
    PositionApplication.objects.filter(applicant=user).update(message="")


def register() -> None:
    personal_data.register("talent_profile", export=_profile, erase=_erase)
    personal_data.register("talent_applications", export=_applications)
