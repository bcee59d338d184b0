"""PDF documents from Django templates, with WeasyPrint (imported lazily: it is heavy and needs Pango).

Templates live in `templates/<app>/pdf/`. `render_html` gives the HTML a PDF is made from, so tests can assert on
its content without rendering; `render_pdf` returns the PDF's bytes.
"""

from django.conf import settings
from django.template.loader import render_to_string


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, context)


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML  # lazy: see the module docstring

    html = render_html(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
