"""Who may read and write conversations (django-rules predicates).

Only active members of the two organisations of a thread read or write it: nobody else,
not even platform operators (the messages are the organisations' own correspondence).
Pages and the API answer 404 to everybody else, so guessing ids tells nothing.
"""

import rules

from innobelt.organisations.models import Membership
from innobelt.organisations.rules import is_org_member
from innobelt.permissions import is_active_user


@rules.predicate
def is_thread_party(user, thread) -> bool:
    if thread is None or not is_active_user(user):
        return False
    return Membership.objects.filter(user=user, organisation_id__in=[thread.starter_id, thread.recipient_id]).exists()


rules.add_perm("conversations.start_thread", is_org_member)  # object: the organisation the person writes for
rules.add_perm("conversations.view_thread", is_thread_party)
rules.add_perm("conversations.post_message", is_thread_party)
