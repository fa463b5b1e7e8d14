"""The kit's widgets and its escaping answer Django's own HTML (ADR 0024)."""

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


# FastTextInput, FastDateInput, FastCheckboxInput and FastParagraphs (as_p and labels) against Django's own HTML

from innobelt.kit.widgets import FastCheckboxInput, FastDateInput, FastParagraphs, FastTextInput  # noqa: E402


@pytest.mark.parametrize(("fast", "plain", "value"), [
    (FastTextInput, forms.TextInput, None), (FastTextInput, forms.TextInput, 'a "quoted" <b> & c'),
    (FastTextInput, forms.TextInput, 0), (FastDateInput, forms.DateInput, "2026-12-04"),
    (FastCheckboxInput, forms.CheckboxInput, True), (FastCheckboxInput, forms.CheckboxInput, False),
    (FastCheckboxInput, forms.CheckboxInput, "on")])
@pytest.mark.parametrize("attrs", [None, {"id": "id_f", "required": True, "disabled": False, "data-x": 'a"b'}])
def test_inputs_are_django_s(fast, plain, value, attrs):
    widget_attrs = {"type": "date"} if fast is FastDateInput else None
    assert fast(attrs=widget_attrs).render("f", value, attrs) == plain(attrs=widget_attrs).render("f", value, attrs)


def test_an_input_of_another_template_goes_the_template_way():
    class Other(FastTextInput):
        template_name = "django/forms/widgets/textarea.html"

    assert Other().render("f", "x") == '<textarea name="f">\nx</textarea>'  # the template's, not an <input>


def _fields():
    return {
        "q": forms.CharField(label=_("Search"), required=False, max_length=200, widget=FastTextInput),
        "kind": forms.ChoiceField(label="Kind <&>", required=False, choices=CHOICES, widget=FastSelect),
        "name": forms.CharField(label="Name?", help_text="Help <b>as HTML</b>", widget=FastTextInput),
        "on": forms.BooleanField(label=_("Verified only"), required=False, widget=FastCheckboxInput),
        "day": forms.DateField(required=False, widget=FastDateInput(attrs={"type": "date"})),
        "secret": forms.CharField(required=False, widget=forms.HiddenInput),
    }


def django_html(form) -> str:
    """The same form rendered by Django alone: Django's widget classes, Django's Form.render."""
    for field in form.fields.values():
        field.widget.__class__ = next(c for c in type(field.widget).__mro__ if c.__module__.startswith("django."))
    form.__class__ = type("Plain", (forms.Form,), {name: getattr(form, name) for name in (
        "required_css_class", "error_css_class") if hasattr(form, name)})
    return str(form.as_p())


def make_form(data=None, *, hidden=True, clean_error=False, required_class=False, **kwargs):
    fields = _fields()
    if not hidden:
        del fields["secret"]

    class Form(FastParagraphs, forms.Form):
        if required_class:
            required_css_class, error_css_class = "required", "error"

        def clean(self):
            if clean_error:
                raise forms.ValidationError("Whole form <wrong> & bad")
            return super().clean()

    Form.base_fields = fields
    form = Form(data, **kwargs)
    if data is not None:
        form.is_valid()
    return form


@pytest.mark.parametrize("case", [
    {}, {"data": {"q": 'x "y" <z>', "kind": "3", "name": "n", "on": "on", "day": "2026-12-04"}},
    {"data": {"kind": "missing", "day": "not a day", "secret": "s"}},  # field errors
    {"data": {"name": "n"}, "clean_error": True},  # errors of the whole form
    {"data": {"name": "n"}, "clean_error": True, "hidden": False},
    {"hidden": False}, {"required_class": True, "data": {"q": "x"}}, {"auto_id": False}, {"auto_id": "f-%s", "prefix": "p"},
    {"label_suffix": ""},
])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_as_p_is_django_s(case, language):
    from django.utils import translation

    with translation.override(language):
        fast = make_form(**case)
        html = str(fast.as_p())
        assert html == django_html(make_form(**case))
        assert "<p" in html


def test_a_form_with_no_field_but_its_errors_is_django_s():
    class Empty(FastParagraphs, forms.Form):
        secret = forms.CharField(widget=forms.HiddenInput)

    class Plain(forms.Form):
        secret = forms.CharField(widget=forms.HiddenInput)

    assert str(Empty({}).as_p()) == str(Plain({}).as_p()) and "errorlist" in str(Plain({}).as_p())
    assert str(Empty().as_p()) == str(Plain().as_p())


def test_the_filter_forms_are_django_s():
    """The directory's and the register's filter forms (no database: their choices are replaced)."""
    from unittest import mock

    from innobelt.organisations.forms import DirectoryFilterForm
    from innobelt.resources.forms import RegisterFilterForm

    for form_class in (DirectoryFilterForm, RegisterFilterForm):
        with mock.patch.object(form_class, "__init__", forms.Form.__init__):
            for data in (None, {"q": "显微镜 <x>", "goi": "on", "pledged": "on", "free_from": "2026-12-01", "kind": "bad"}):
                fast = form_class(data)
                fast.is_valid()
                assert str(fast.as_p()) == django_html(form_class(data) if data is None else _valid(form_class, data))


def _valid(form_class, data):
    form = form_class(data)
    form.is_valid()
    return form


# The kit's conditional_escape (without the laziness check of every argument) against Django's own

from django.utils.html import conditional_escape as djangos_escape  # noqa: E402
from django.utils.safestring import mark_safe  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from innobelt.kit.widgets import conditional_escape  # noqa: E402


@given(st.one_of(st.text(), st.text().map(mark_safe), st.integers(), st.floats(allow_nan=False), st.none(), st.booleans()))
def test_escaping_is_django_s(value):
    escaped = conditional_escape(value)
    assert escaped == djangos_escape(value) and type(escaped) is type(djangos_escape(value))
    assert conditional_escape(escaped) == escaped  # safe: never escaped twice


def test_escaping_a_lazy_text_or_a_thing_with_its_own_html_is_django_s():
    from django.utils.html import format_html
    from django.utils.translation import override

    class Own:
        def __html__(self):
            return "<b>own</b>"

    with override("zh-hans"):
        for value in (_("All"), _("Search"), format_html("<i>{}</i>", "<x>"), Own()):
            assert conditional_escape(value) == djangos_escape(value)
