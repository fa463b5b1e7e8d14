"""A person's service requests, the steps they took and their messages about them are in their PIPL export."""

from innobelt.accounts.personal_data import export_personal_data
from innobelt.conversations.domain import post_message
from innobelt.services.domain import change_status, confirm_request, request_service
from innobelt.services.models import ServiceRequest

S = ServiceRequest.Status


def test_the_export_holds_the_requests_steps_and_messages(scene):
    request = request_service(actor=scene.founder, firm=scene.firm, category="market_entry",
                              need="PERSONAL-NEED-3391", firm_city=scene.wuxi, target_city=scene.putuo)
    request = change_status(actor=scene.consultant, request=request, to=S.ACCEPTED)
    post_message(actor=scene.founder, thread=request.thread, as_org=scene.firm, body="PERSONAL-MESSAGE-118")
    change_status(actor=scene.consultant, request=request, to=S.RESOLVED, reason="Office registered.")
    confirm_request(actor=scene.founder, request=request, rating=5, comment="PERSONAL-COMMENT-27")
    mine = export_personal_data(user=scene.founder)["service_requests"]
    made = [e for e in mine if "request" in e]
    assert len(made) == 1 and made[0]["need"] == "PERSONAL-NEED-3391"
    assert made[0]["rating_comment"] == "PERSONAL-COMMENT-27" and made[0]["rating"] == 5
    assert [m["body"] for m in made[0]["my_messages"]] == ["PERSONAL-MESSAGE-118"]
    assert [e["to_status"] for e in mine if "step_of_request" in e] == [S.NEW, S.CLOSED]
    theirs = export_personal_data(user=scene.consultant)["service_requests"]
    assert [e["reason"] for e in theirs if "step_of_request" in e] == ["", "Office registered."]
    assert not [e for e in theirs if "request" in e]
