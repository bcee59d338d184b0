"""PDF documents from Django templates, with WeasyPrint (imported lazily: it is heavy and needs Pango).

Templates live in `templates/<app>/pdf/`. `render_html` gives the HTML a PDF is made from, so tests can assert on
its content without rendering; `render_pdf` returns the PDF's bytes.

A plan of 6 goals × 3 measures (5 pages) renders in about 0.4 s here, so plan documents are served directly from
their view. Documents that take over a second (the monitoring reports) belong in a Celery task with progress.
"""

from django.conf import settings
from django.template.loader import render_to_string


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, context)


def render_pdf(template_name: str, context: dict) -> bytes:
    from weasyprint import HTML  # lazy: see the module docstring

    html = render_html(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
