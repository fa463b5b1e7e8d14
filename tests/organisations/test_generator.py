import pytest
from django.core.management import call_command

from innobelt.organisations.credit_code import is_valid_credit_code
from innobelt.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_generate_is_deterministic_bilingual_and_marked(belt):
    call_command("generate", orgs=120, seed=7)
    synthetic = Organisation.objects.filter(is_synthetic=True, slug__startswith="syn-7-")  # the demo has its own
    assert synthetic.count() == 120
    assert all(o.name_zh and o.name_en for o in synthetic)
    assert {o.description_language for o in synthetic} == {"zh", "en"}
    codes = [o.credit_code for o in synthetic if o.credit_code]
    assert codes and all(is_valid_credit_code(c) for c in codes)
    first = list(synthetic.order_by("slug").values_list("name_en", flat=True)[:5])
    call_command("generate", orgs=120, seed=7)  # idempotent for the same seed
    assert synthetic.count() == 120
    assert list(synthetic.order_by("slug").values_list("name_en", flat=True)[:5]) == first
