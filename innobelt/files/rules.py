import rules

from innobelt.accounts.rules import is_platform_operator
from innobelt.organisations.rules import is_org_admin, is_org_member


@rules.predicate
def is_public_file(user, stored) -> bool:
    return stored is not None and stored.is_public


@rules.predicate
def is_member_of_file_owner(user, stored) -> bool:
    return stored is not None and is_org_member(user, stored.organisation)


@rules.predicate
def is_admin_of_file_owner(user, stored) -> bool:
    return stored is not None and is_org_admin(user, stored.organisation)


rules.add_perm("files.add_storedfile", is_platform_operator | is_org_member)  # object: the organisation
rules.add_perm("files.view_storedfile", is_public_file | is_member_of_file_owner | is_platform_operator)
rules.add_perm("files.delete_storedfile", is_admin_of_file_owner | is_platform_operator)
