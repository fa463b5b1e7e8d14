import rules

from innobelt.accounts.rules import is_platform_operator
from innobelt.permissions import is_active_user


@rules.predicate
def is_requester(user, job) -> bool:
    return job is not None and is_active_user(user) and job.requested_by_id == user.pk


rules.add_perm("imports.view_importjob", is_requester | is_platform_operator)
