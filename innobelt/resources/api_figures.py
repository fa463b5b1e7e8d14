"""The owner's figures per city in the resources API: the numbers of the page /resources/figures/, for platform
operators (every city) and district operators (their own cities). The operation is declared in resources/api.py,
before /resources/{resource_id}, which would otherwise take "figures" for an id."""

from innobelt.resources import city_figures, queries
from innobelt.resources.models import UserClass
from innobelt.resources.statement_queries import parse_month


def _row(row: city_figures.CityFigures) -> dict:
    return {"city": row.city.slug, "name_zh": row.city.name_zh, "name_en": row.city.name_en, "equipment": row.equipment,
            "booked_hours": row.booked_hours, "open_hours": row.open_hours, "utilisation": row.utilisation,
            "weekly_utilisation": row.weeks, "use_bookings_started": row.started, "no_shows": row.no_shows,
            "no_show_rate": row.no_show_rate, "pledged_hours_per_quarter": row.pledged_per_quarter,
            "pledged_hours_used": row.pledged_hours_used, "sample_jobs_completed": row.sample_jobs_completed,
            "turnaround_median_working_days": row.turnaround_median, "outcomes_reported": row.outcomes_reported,
            "income": [{"user_class": value, "amount": str(row.income.get(value, "0.00"))} for value in UserClass.values],
            "income_total": str(row.income_total)}


def city_figures_out(user, month_text: str) -> dict:
    """The answer of GET /resources/figures: PermissionDenied for all but operators, ValidationError for a bad month."""
    cities = queries.figure_cities_or_403(user)
    month = parse_month(month_text)
    weeks, rows = city_figures.city_figures(cities, month)
    return {"month": f"{month:%Y-%m}", "weeks": weeks, "cities": [_row(row) for row in rows]}
