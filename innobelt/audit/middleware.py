"""The audit context of each request: the client's address and the request id."""

from innobelt.audit.context import Origin, current_origin
from innobelt.kit.request import client_ip


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_origin.set(
            Origin(ip_address=client_ip(request), request_id=getattr(request, "request_id", ""))
        )
        try:
            return self.get_response(request)
        finally:
            current_origin.reset(token)
