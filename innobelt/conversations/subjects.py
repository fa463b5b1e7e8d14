"""What a thread can be about: a registry the apps below fill, so this app imports none of them.

An app registers a resolver for a kind of record (`"resource"`) in its AppConfig.ready(). Given
the person asking and a primary key, the resolver answers with the record, the organisation to
contact about it and the title to keep, or None when the record does not exist or the person may
not see it (the caller answers 404 either way). A reference is written `kind:pk`, as matching's
record ids are (`organisation:12`, `resource:5`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from innobelt.organisations.models import Organisation


@dataclass(frozen=True)
class Subject:
    organisation: Organisation  # whom to contact
    record: Model | None  # what about (None: the organisation itself)
    title: str = ""


Resolver = Callable[[Any, str], Subject | None]
SUBJECTS: dict[str, Resolver] = {}


def register_subject(kind: str, resolver: Resolver) -> None:
    SUBJECTS[kind] = resolver


def resolve(user: Any, reference: str) -> Subject | None:
    """The subject `kind:pk` as `user` may see it, or None."""
    kind, _, pk = (reference or "").partition(":")
    resolver = SUBJECTS.get(kind)
    if resolver is None or not pk:
        return None
    return resolver(user, pk)


def _organisation(user: Any, pk: str) -> Subject | None:
    organisation = Organisation.objects.filter(pk=int(pk)).first() if pk.isdigit() else None
    return Subject(organisation=organisation, record=None) if organisation is not None else None


def register_builtin_subjects() -> None:
    register_subject("organisation", _organisation)  # the directory is public
