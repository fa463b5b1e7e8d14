"""Form HTML built in Python: the same HTML as Django's templates, without the template engine (ADR 0024).

`FastSelect`: a `<select>` without a template include per option. The filter forms of the directory and the
resources register have a few hundred options (industries, cities, owners); through the templates they cost
half of those pages. `FastTextInput`, `FastDateInput`, `FastCheckboxInput`: the `<input>` widgets.
`FastParagraphs`: a form's `as_p()` and its labels. Each takes the template way for anything it does not
know (another template, another renderer), so the answer is always Django's; tests/kit/test_widgets.py
compares them with Django's own rendering."""

from html import escape as html_escape
from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorList
from django.forms.widgets import Input
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe

DEFAULT_OPTION_TEMPLATE = forms.Select.option_template_name
# Django's widget templates that are `{% include "django/forms/widgets/input.html" %}` and nothing else
INPUT_TEMPLATES = {f"django/forms/widgets/{name}.html" for name in (
    "input", "text", "date", "checkbox", "search", "number", "email", "url", "hidden", "datetime", "time")}


def conditional_escape(text: Any) -> str:
    """django.utils.html.conditional_escape, the same answer for every value, without the laziness check its
    `escape` makes of every argument: a tenth of a search page's CPU went to it (ADR 0024, eighth round).
    tests/kit/test_widgets.py compares the two."""
    if isinstance(text, Promise):
        text = str(text)
    if hasattr(text, "__html__"):
        return text.__html__()
    return SafeString(html_escape(str(text)))


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare name for True, nothing for False."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items() if value is not False)


class FastSelect(forms.Select):
    """`forms.Select`, its HTML built here; anything unusual (option groups, another template) goes the
    template way, so the answer is always Django's."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        if self.template_name != forms.Select.template_name or self.option_template_name != DEFAULT_OPTION_TEMPLATE:
            return super().render(name, value, attrs, renderer)
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                return super().render(name, value, attrs, renderer)
            for option in options:
                if option["template_name"] != DEFAULT_OPTION_TEMPLATE:
                    return super().render(name, value, attrs, renderer)
                parts.append(f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                             f'{conditional_escape(option["label"])}</option>\n')
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every value above is escaped


class FastInput(Input):
    """django/forms/widgets/input.html built here, for an input widget rendered by one of Django's input templates."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        if self.template_name not in INPUT_TEMPLATES:
            return super().render(name, value, attrs, renderer)
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
        return mark_safe(  # every value is escaped
            f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
            f'{shown}{_attrs(widget["attrs"])}>')


class FastTextInput(FastInput, forms.TextInput):
    pass


class FastDateInput(FastInput, forms.DateInput):
    pass


class FastCheckboxInput(FastInput, forms.CheckboxInput):
    pass


P_TEMPLATE, LABEL_TEMPLATE = forms.Form.template_name_p, forms.Form.template_name_label


def _errors(errors: Any) -> str:
    """`{{ errors }}`: an empty ErrorList renders nothing (its template says so), without rendering it."""
    if not errors and type(errors) is ErrorList and errors.template_name == ErrorList.template_name:
        return ""
    return conditional_escape(errors)


class FastParagraphs:
    """A form mixin: `as_p()` (django/forms/p.html) and the labels (django/forms/label.html) built here, with
    Django's default renderer. The fields' own HTML is theirs (fast with the Fast widgets above)."""

    def render(self, template_name: str | None = None, context: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        if type(renderer or self.renderer) is DjangoTemplates:  # type: ignore[attr-defined]
            if template_name == P_TEMPLATE and context is None:
                return mark_safe(self._paragraphs(self.get_context()))  # type: ignore[attr-defined]
            if template_name == LABEL_TEMPLATE and context is not None and set(context) == {
                    "field", "label", "attrs", "use_tag", "tag"}:
                return mark_safe(self._label(context))
        return super().render(template_name, context, renderer)  # type: ignore[misc]

    @staticmethod
    def _label(context: dict[str, Any]) -> str:
        label = conditional_escape(context["label"])
        if not context["use_tag"]:
            return str(label).strip()
        tag = conditional_escape(context["tag"])
        return f"<{tag}{_attrs(context['attrs'] or {})}>{label}</{tag}>".strip()

    @staticmethod
    def _paragraphs(context: dict[str, Any]) -> str:
        """django/forms/p.html, its text between the tags as it is, stripped as the renderer strips it."""
        errors, fields = context["errors"], context["fields"]
        hidden = "".join(conditional_escape(field) for field in context["hidden_fields"])
        out = [_errors(errors), "\n"]
        if errors and not fields:
            out += ["\n  <p>", hidden, "</p>\n"]
        out.append("\n")
        for number, (field, field_errors) in enumerate(fields, 1):
            classes = field.css_classes()
            out += ["\n  ", _errors(field_errors), "\n  <p", f' class="{conditional_escape(classes)}"' if classes else "",
                    ">\n    ", conditional_escape(field.label_tag()) if field.label else "", "\n    ",
                    conditional_escape(field), "\n    "]
            if field.help_text:
                auto_id = field.auto_id
                out += ['\n      <span class="helptext"', f' id="{conditional_escape(auto_id)}_helptext"' if auto_id else "",
                        ">", str(field.help_text), "</span>\n    "]
            out.append("\n    ")
            if number == len(fields):
                out += ["\n      ", hidden, "\n    "]
            out.append("\n  </p>\n")
        out.append("\n")
        if not fields and not errors:
            out += ["\n  ", hidden, "\n"]
        out.append("\n")
        return "".join(str(part) for part in out).strip()
