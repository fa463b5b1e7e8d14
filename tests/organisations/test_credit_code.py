import pytest
from django.core.exceptions import ValidationError

from innobelt.organisations.credit_code import check_character, is_valid_credit_code, validate_credit_code

# Published codes of well-known companies (check characters as issued).
REAL_CODES = ["91350100M000100Y43", "91110000100017643K", "9131000013221158XC"]


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid(code):
    assert is_valid_credit_code(code)
    assert check_character(code[:17]) == code[17]


def test_lower_case_and_spaces_are_normalised():
    assert is_valid_credit_code(" 91350100m000100y43 ")


@pytest.mark.parametrize(
    ("code", "error_code"),
    [
        ("91350100M000100Y4", "credit_code_length"),
        ("91350100M000100Y44", "credit_code_check"),
        ("91350100M000100I43", "credit_code_characters"),
        ("91350100M0001O0Y43", "credit_code_characters"),
    ],
)
def test_invalid_codes_name_the_problem(code, error_code):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code(code)
    assert exc.value.code == error_code
