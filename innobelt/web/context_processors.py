from django.conf import settings


def site(request):
    return {
        "ICP_FILING_NUMBER": settings.ICP_FILING_NUMBER,
        "OPERATOR_NAME": settings.OPERATOR_NAME,
    }
