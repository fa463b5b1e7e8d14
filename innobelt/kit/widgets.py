"""A `<select>` rendered in Python: the same HTML as Django's template-rendered `forms.Select`, without a
template include per option (ADR 0024). The filter forms of the directory and the resources register have
a few hundred options (industries, cities, owners); through the templates they cost half of those pages."""

from typing import Any

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

DEFAULT_OPTION_TEMPLATE = forms.Select.option_template_name


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare name for True, nothing for False."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
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
