"""Template filters for reader pages: text shaping and addresses, never a query."""

from django import template

from newsroom.links import link

register = template.Library()


@register.filter
def standalone(words):
    """Quoted words shown on their own: the comma that tied them to "…, she said" is dropped."""
    return words.rstrip().rstrip(",;:").rstrip()


@register.filter
def topic_url(tag):
    """The address of a topic's page (`{{ tag|topic_url }}`, a remembered `{% url 'tags:detail' %}`)."""
    return link("tags:detail", slug=tag.slug)


@register.simple_tag
def link_to(viewname, **kwargs):
    """`{% url %}` remembered (newsroom.links), for the links every page repeats: sections, feeds."""
    return link(viewname, **kwargs)
