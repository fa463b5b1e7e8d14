"""The REST API at /api/v1/, assembled from each app's api.py."""

from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI

from innobelt.api.openapi import add_edge_errors, add_links
from innobelt.kit.api_errors import install_error_handlers


class InnobeltAPI(NinjaAPI):
    """Ninja's API whose OpenAPI schema also links each created or listed object to its operations, and
    documents the errors the edge answers for every operation (400, 413)."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return add_edge_errors(add_links(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)))


api = InnobeltAPI(
    title="innobelt API",
    version="1",
    description=str(_("The open-innovation platform of the Shanghai–Nanjing Industrial Innovation Belt.")),
    urls_namespace="api",
)
install_error_handlers(api)


def _mount() -> None:
    from innobelt.accounts.api import router as accounts_router
    from innobelt.belt.api import router as belt_router
    from innobelt.challenges.api import router as needs_router
    from innobelt.challenges.api_challenges import router as challenges_router
    from innobelt.conversations.api import router as conversations_router
    from innobelt.events.api import router as events_router
    from innobelt.files.api import router as files_router
    from innobelt.financing.api import router as financing_router
    from innobelt.imports.api import router as imports_router
    from innobelt.insights.api import router as insights_router
    from innobelt.matching.api import router as matching_router
    from innobelt.meetings.api import router as meetings_router
    from innobelt.notifications.api import router as notifications_router
    from innobelt.organisations.api import router as organisations_router
    from innobelt.organisations.api_incubation import router as incubation_router
    from innobelt.resources.api import router as resources_router
    from innobelt.services.api import router as services_router
    from innobelt.showcase.api import router as showcase_router
    from innobelt.talent.api import router as talent_router
    from innobelt.vouchers.api import router as vouchers_router

    api.add_router("/", belt_router)
    api.add_router("/", organisations_router)
    api.add_router("/", incubation_router)
    api.add_router("/", accounts_router)
    api.add_router("/", notifications_router)
    api.add_router("/", resources_router)
    api.add_router("/", files_router)
    api.add_router("/", imports_router)
    api.add_router("/", matching_router)
    api.add_router("/", events_router)
    api.add_router("/", meetings_router)
    api.add_router("/", conversations_router)
    api.add_router("/", needs_router)
    api.add_router("/", challenges_router)
    api.add_router("/", vouchers_router)
    api.add_router("/", services_router)
    api.add_router("/", talent_router)
    api.add_router("/", financing_router)
    api.add_router("/", showcase_router)
    api.add_router("/", insights_router)


_mount()
