from django import template

register = template.Library()


@register.filter
def guide_query(step, pair):
    """The guide's query string after answering `pair` ("question:answer") at this step."""
    return step.query(pair)
