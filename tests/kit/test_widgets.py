"""FastSelect answers Django's own HTML for a select (ADR 0024)."""

import pytest
from django import forms
from django.utils.translation import gettext_lazy as _

from innobelt.kit.widgets import FastSelect

CHOICES = [("", _("All")), ("a&b", 'Quote " & <tag>'), (3, "三"), ("x", "plain")]


@pytest.mark.parametrize("value", [None, "", "a&b", "3", ["x"], "missing"])
@pytest.mark.parametrize("attrs", [None, {"id": "id_f", "required": True, "disabled": False, "data-x": 'a"b'}])
def test_the_html_is_django_s(value, attrs):
    assert FastSelect(choices=CHOICES).render("f", value, attrs) == forms.Select(choices=CHOICES).render("f", value, attrs)


def test_option_groups_go_the_template_way():
    grouped = [("Group", [("a", "A"), ("b", "B")]), ("c", "C")]
    assert FastSelect(choices=grouped).render("f", "b") == forms.Select(choices=grouped).render("f", "b")


def test_a_bound_form_renders_the_same():
    class Slow(forms.Form):
        f = forms.ChoiceField(choices=CHOICES, required=False)

    class Fast(forms.Form):
        f = forms.ChoiceField(choices=CHOICES, required=False, widget=FastSelect)

    assert Fast({"f": "3"}).as_p() == Slow({"f": "3"}).as_p()
