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
# Reading a file through /files/ is for the public and the owning organisation's people only. A file that
# belongs to something with its own rules (a message's attachment, a proposal's, a pitch deck, a photo) is
# served by that app's view, which checks those rules; a platform operator, who can list every file's id in
# the admin, must not read a confidential proposal or a private message's attachment through here.
rules.add_perm("files.view_storedfile", is_public_file | is_member_of_file_owner)
rules.add_perm("files.delete_storedfile", is_admin_of_file_owner)  # the owner's admins: what one may not read, one does not delete
