"""Pages of needs at /needs/, of challenges at /challenges/ and of proposals at /proposals/ (English under /en/)."""

from django.urls import path

from innobelt.challenges.views import challenges, needs, proposals, reviews

app_name = "challenges"
urlpatterns = [
    path("challenges/", challenges.challenge_list, name="challenge_list"),
    path("challenges/new/", challenges.draft_challenge, name="draft_challenge"),
    path("challenges/<int:pk>/", challenges.challenge_detail, name="challenge_detail"),
    path("challenges/<int:pk>/edit/", challenges.edit_challenge, name="edit_challenge"),
    path("challenges/<int:pk>/publish/", challenges.publish_challenge, name="publish_challenge"),
    path("challenges/<int:pk>/close/", challenges.close_challenge, name="close_challenge"),
    path("challenges/<int:pk>/agreement/", challenges.accept_agreement, name="accept_agreement"),
    path("challenges/<int:pk>/questions/", challenges.ask_question, name="ask_question"),
    path("challenges/questions/<int:pk>/answer/", challenges.answer_question, name="answer_question"),
    path("challenges/<int:pk>/proposal/", proposals.write_proposal, name="write_proposal"),
    path("proposals/mine/", proposals.my_proposals, name="my_proposals"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/edit/", proposals.edit_proposal, name="edit_proposal"),
    path("proposals/<int:pk>/submit/", proposals.submit_proposal, name="submit_proposal"),
    path("proposals/<int:pk>/withdraw/", proposals.withdraw_proposal, name="withdraw_proposal"),
    path("proposals/<int:pk>/attachments/", proposals.attach_file, name="attach_file"),
    path("proposals/<int:pk>/attachments/<uuid:file_id>/", proposals.download_attachment, name="download_attachment"),
    path("proposals/<int:pk>/reviewers/", reviews.assign_reviewer, name="assign_reviewer"),
    path("reviews/mine/", reviews.my_reviews, name="my_reviews"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("reviews/<int:pk>/conflict/", reviews.declare_conflict, name="declare_conflict"),
    path("reviews/<int:pk>/scores/", reviews.score_review, name="score_review"),
    path("challenges/<int:pk>/scores/", reviews.challenge_scores, name="challenge_scores"),
    path("challenges/<int:pk>/identities/", reviews.hide_identities, name="hide_identities"),
    path("needs/", needs.need_list, name="need_list"),
    path("needs/new/", needs.post_need, name="post_need"),
    path("needs/mine/", needs.my_needs, name="my_needs"),
    path("needs/<int:pk>/", needs.need_detail, name="need_detail"),
    path("needs/<int:pk>/edit/", needs.edit_need, name="edit_need"),
    path("needs/<int:pk>/renew/", needs.renew_need, name="renew_need"),
    path("needs/<int:pk>/close/", needs.close_need, name="close_need"),
    path("needs/<int:pk>/interest/", needs.express_interest, name="express_interest"),
    path("needs/interests/<int:pk>/accept/", needs.accept_interest, name="accept_interest"),
    path("needs/interests/<int:pk>/decline/", needs.decline_interest, name="decline_interest"),
    path("needs/interests/<int:pk>/withdraw/", needs.withdraw_interest, name="withdraw_interest"),
]
