"""Filters and tags every template has without {% load %} (settings.TEMPLATES "builtins")."""

from django import template
from django.utils.safestring import mark_safe

from innobelt.bilingual import join_list as _join_list
from innobelt.bilingual import list_separator as _list_separator
from innobelt.kit.kept import kept as _kept

register = template.Library()


@register.filter
def join_list(items) -> str:
    """{{ names|join_list }}: "A、B" on Chinese pages, "A, B" on English ones (autoescaped as usual)."""
    return _join_list(items)


@register.simple_tag
def list_separator() -> str:
    """{% for c in cities %}{{ c }}{% if not forloop.last %}{% list_separator %}{% endif %}{% endfor %}."""
    return _list_separator()


class KeptNode(template.Node):
    def __init__(self, nodelist: template.NodeList, key: template.base.FilterExpression,
                 timeout: template.base.FilterExpression | None):
        self.nodelist = nodelist
        self.key = key
        self.timeout = timeout

    def render(self, context) -> str:
        timeout = self.timeout.resolve(context) if self.timeout is not None else None
        # the nodelist escaped what it rendered, as it does when not kept
        return mark_safe(_kept(self.key.resolve(context) or "", lambda: self.nodelist.render(context), timeout))


@register.tag
def kept(parser, token):
    """{% kept key [seconds] %}…{% endkept %}: what is inside rendered once and kept under `key` (innobelt.kit.kept)
    for `seconds` (PAGE_CACHE_SECONDS by default); an empty key renders every time. The key must name everything the
    part depends on: the view builds it (`kept.shared_key`, or its own)."""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError("{% kept key [seconds] %} takes one or two arguments")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]) if len(bits) == 3 else None)
