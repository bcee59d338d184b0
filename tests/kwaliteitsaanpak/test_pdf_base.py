"""The frame every printable document extends (templates/core/pdf_base.html)."""

from django.template import Context, Template


def test_the_frame_shows_no_template_syntax_and_carries_the_documents_title():
    html = Template(
        '{% extends "core/pdf_base.html" %}{% block title %}Audit na jaar 1{% endblock %}'
        "{% block running_title %}Audit na jaar 1{% endblock %}{% block body %}<h1>Inhoud</h1>{% endblock %}"
    ).render(Context())

    assert "{#" not in html and "{%" not in html and "comment" not in html
    assert "<title>Audit na jaar 1</title>" in html
    assert 'content: "Audit na jaar 1";' in html
    assert html.index("<h1>Inhoud</h1>") > html.index("<body>")
