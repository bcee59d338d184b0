"""PDF documents from Django templates, with WeasyPrint (imported lazily: it is heavy and needs Pango).

Templates live in `templates/<app>/pdf/`. `render_html` gives the HTML a PDF is made from, so tests can assert on
its content without rendering; `render_pdf` returns the PDF's bytes, and `pdf_download` sends them as a download.

Every document is a tagged PDF in WeasyPrint's PDF/UA-1 variant: a structure tree (headings, paragraphs, tables,
lists) in reading order, the language of the HTML and the document's <title> shown as its title, so that screen
readers can read it (WCAG 2.1 AA asks this of documents as of pages).

A plan of 6 goals × 3 measures (5 pages) renders in about 0.4 s here, so plan documents are served directly from
their view. Documents that take over a second (the monitoring reports) belong in a Celery task with progress.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header

# WeasyPrint's variant for PDF/UA-1 (ISO 14289-1): tags the document (pdf_tags) and writes PDF 1.7 with its metadata.
PDF_VARIANT = "pdf/ua-1"


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, context)


def render_pdf(template_name: str, context: dict) -> bytes:
    """The template rendered as a tagged PDF (PDF/UA-1)."""
    from weasyprint import HTML  # lazy: see the module docstring

    html = render_html(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant=PDF_VARIANT)


def pdf_download(content: bytes, filename: str) -> HttpResponse:
    """A PDF sent as a download (Content-Disposition: attachment) under `filename`: the links say "Download PDF"."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def render_pdf_with_page_count(template_name: str, context: dict) -> tuple[bytes, int]:
    """`render_pdf`, and how many pages the document has (the monitoring reports list it)."""
    from weasyprint import HTML  # lazy: see the module docstring

    html = render_html(template_name, context)
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(pdf_variant=PDF_VARIANT)
    return document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages)
