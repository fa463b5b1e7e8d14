"""kit.background_runs: whether a run is active and how far along it is, the same for every model using it."""

from innobelt.imports.models import ImportJob
from innobelt.insights.models import ReportRun


def test_imports_and_reports_share_the_progress_of_a_background_run():
    job = ImportJob(status="validating", checked_rows=50, total_rows=100)
    assert job.is_active and job.percent == 40
    assert ImportJob(status="queued").percent == 0  # no total yet
    assert ImportJob(status="applying").percent == 90 and ImportJob(status="done").percent == 100
    assert not ImportJob(status="failed").is_active and ImportJob(status="failed").percent == 0
    run = ReportRun(status="counting", counted_figures=10, total_figures=40)
    assert run.is_active and run.percent == 20
    assert ReportRun(status="counting", counted_figures=50, total_figures=40).percent == 80  # never past the counting share
    assert ReportRun(status="rendering").percent == 85
    assert {s: ReportRun(status=s).percent for s in ("done", "expired")} == {"done": 100, "expired": 100}
    assert not ReportRun(status="expired").is_active and ReportRun(status="queued").is_active
