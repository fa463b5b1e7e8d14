"""Filters every template has without {% load %} (settings.TEMPLATES "builtins")."""

from django import template

from innobelt.bilingual import join_list as _join_list
from innobelt.bilingual import list_separator as _list_separator

register = template.Library()


@register.filter
def join_list(items) -> str:
    """{{ names|join_list }}: "A、B" on Chinese pages, "A, B" on English ones (autoescaped as usual)."""
    return _join_list(items)


@register.simple_tag
def list_separator() -> str:
    """{% for c in cities %}{{ c }}{% if not forloop.last %}{% list_separator %}{% endif %}{% endfor %}."""
    return _list_separator()
