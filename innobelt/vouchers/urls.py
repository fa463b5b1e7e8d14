"""Pages of innovation vouchers spent across the Belt at /vouchers/ (English under /en/)."""

from django.urls import path

from innobelt.vouchers import views, views_claw_backs, views_exports, views_samples, views_settlement

app_name = "vouchers"
urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/new/", views.new_programme, name="new_programme"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("programmes/<int:pk>/vouchers.<str:file_format>", views_exports.issued_download, name="issued_download"),
    path("programmes/<int:pk>/apply/", views.apply, name="apply"),
    path("programmes/<int:pk>/accept/", views.accept, name="accept"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/decide/", views.decide_application, name="decide_application"),
    path("<int:pk>/", views.voucher_detail, name="voucher"),
    path("<int:pk>/reserve/", views.reserve, name="reserve"),
    path("reservations/<int:pk>/release/", views.release, name="release"),
    path("reservations/<int:pk>/claw-back/", views_claw_backs.claw_back, name="claw_back"),
    path("claims/", views.claim_list, name="claims"),
    path("claims.<str:file_format>", views_exports.claims_download, name="claims_download"),
    path("claims/new/", views.submit_claim, name="submit_claim"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/evidence/<int:reservation_pk>/", views.claim_evidence, name="claim_evidence"),
    path("claims/<int:pk>/decide/", views.decide_claim, name="decide_claim"),
    path("claims/<int:pk>/answer/", views.answer_claim, name="answer_claim"),
    path("figures/", views.figures, name="figures"),
    path("figures/city-pairs.<str:file_format>", views_settlement.figures_download, name="figures_download"),
    path("settlements/", views_settlement.settlement_list, name="settlements"),
    path("settlements/close/", views_settlement.close_settlement, name="close_settlement"),
    path("settlements/<int:pk>/", views_settlement.settlement_detail, name="settlement"),
    path("settlements/<int:pk>/statement.<str:file_format>", views_settlement.settlement_statement,
         name="settlement_statement"),
    path("sample-jobs/<int:pk>/", views_samples.sample_job_voucher, name="sample_job"),
    path("sample-jobs/<int:pk>/pay/", views_samples.pay_sample_job, name="pay_sample_job"),
]
