"""`{% load money %}`: `{{ amount|money }}` writes "€ 12.345,67", `{{ value|percent }}` writes "12,5%"."""

from django import template

from ..money import format_money, format_percentage

register = template.Library()


@register.filter
def money(value) -> str:
    return format_money(value)


@register.filter
def percent(value) -> str:
    return format_percentage(value)
