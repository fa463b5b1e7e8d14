"""`{% fragment key %}…{% endfragment %}`: a dashboard's figures rendered once per viewer's rights, language and
refresh and kept in the cache (`queries.fragment_key`, `queries.cached_fragment`); an empty key renders."""

from django import template
from django.utils.safestring import mark_safe

from innobelt.insights.queries import cached_fragment

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, key: template.base.FilterExpression):
        self.nodelist = nodelist
        self.key = key

    def render(self, context) -> str:
        # the nodelist escaped what it rendered, as it does when not kept
        return mark_safe(cached_fragment(self.key.resolve(context) or "", lambda: self.nodelist.render(context)))


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% fragment key %} takes one argument")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]))
