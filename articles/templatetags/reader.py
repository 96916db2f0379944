"""Template filters for reader pages: text shaping only, never a query."""

from django import template

register = template.Library()


@register.filter
def standalone(words):
    """Quoted words shown on their own: the comma that tied them to "…, she said" is dropped."""
    return words.rstrip().rstrip(",;:").rstrip()
