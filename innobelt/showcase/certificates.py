"""Award certificates: one A4 landscape page in both languages, WeasyPrint with Noto Sans CJK SC embedded."""

from django.template.loader import render_to_string
from django.utils import translation

from innobelt.showcase.models import Nomination


def certificate_pdf(nomination: Nomination) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]  # lazy: WeasyPrint loads Pango; only the PDF views need it

    programme, organisation = nomination.programme, nomination.organisation
    parts = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            parts[language] = {
                "award": programme.title,
                "organisation": organisation.name,
                "kind": programme.get_kind_display(),
            }
    html = render_to_string(
        "showcase/certificate.html",
        {"nomination": nomination, "zh": parts["zh-hans"], "en": parts["en"], "programme": programme},
    )
    return HTML(string=html).write_pdf()
