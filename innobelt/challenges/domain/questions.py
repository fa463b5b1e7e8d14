"""The public Q&A of a challenge: solvers ask, the owner answers once for all.

An answered question is read by everyone who sees the challenge, without the asker's name.
"""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from innobelt.audit.domain import record_action
from innobelt.challenges.models import AgreementAcceptance, Challenge, Question
from innobelt.notifications.domain import notify
from innobelt.organisations.queries import admins_of
from innobelt.permissions import require

if TYPE_CHECKING:
    from innobelt.accounts.models import User


@transaction.atomic
def ask_question(*, actor: "User", challenge: Challenge, text: str) -> Question:
    """Ask the owner of a published challenge a question. Side effects: audit entry; the owner's admins are told."""
    require(actor, "challenges.ask_question", challenge)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write the question.")]})
    if len(text) > 2000:
        raise ValidationError({"text": [_("A question has at most 2000 characters.")]})
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.status != Challenge.Status.PUBLISHED:
        raise ValidationError(_("This challenge takes no more questions."))
    question = Question.objects.create(challenge=challenge, asked_by=actor, text=text)
    record_action(actor=actor, action="challenge.question_asked", target=question, data={"challenge": challenge.pk})
    notify(
        admins_of(challenge.owner),
        kind="challenges.question_asked",
        link=question.get_absolute_url(),
        subject=lambda: _("A question about “%(challenge)s”") % {"challenge": challenge.title},
        body=lambda: _("Answer it on the challenge's page; every solver reads the answer."),
    )
    return question


@transaction.atomic
def answer_question(*, actor: "User", question: Question, answer: str) -> Question:
    """Answer a question once for all (a later answer replaces it). Side effects: audit entry; the asker and the
    organisations that accepted the agreement are told."""
    require(actor, "challenges.answer_question", question.challenge)
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": [_("Write the answer.")]})
    if len(answer) > 5000:
        raise ValidationError({"answer": [_("An answer has at most 5000 characters.")]})
    question = Question.objects.select_for_update(of=("self",)).select_related("challenge", "asked_by").get(pk=question.pk)
    question.answer, question.answered_by, question.answered_at = answer, actor, timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    record_action(actor=actor, action="challenge.question_answered", target=question, data={"challenge": question.challenge_id})
    challenge = question.challenge
    solvers = AgreementAcceptance.objects.filter(challenge=challenge).select_related("organisation")
    people = {u.pk: u for a in solvers for u in admins_of(a.organisation)}
    if question.asked_by is not None and question.asked_by.is_active:
        people[question.asked_by.pk] = question.asked_by
    notify(
        list(people.values()),
        kind="challenges.question_answered",
        link=question.get_absolute_url(),
        subject=lambda: _("A question about “%(challenge)s” was answered") % {"challenge": challenge.title},
        body=lambda: _("The answer is on the challenge's page, for every solver."),
    )
    return question
