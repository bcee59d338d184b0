# The application image: gunicorn by default; docker-compose.yml runs the same image as Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint needs Pango and at least one font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 app \
    && useradd --system --uid 1000 --gid app --home-dir /app --shell /usr/sbin/nologin app

WORKDIR /app

COPY requirements/ requirements/
RUN pip install -r requirements/base.txt

COPY . .

# Static files are collected at build time. The dummy SECRET_KEY exists only for this one step;
# the running container must get the real one from its environment (settings refuse to start without).
RUN DEBUG=0 SECRET_KEY=collectstatic-build-step-only python manage.py collectstatic --no-input \
    && mkdir -p /data/private-media \
    && chown -R app:app /data/private-media

USER app

EXPOSE 8000

CMD ["gunicorn", "kwaliteitsaanpak.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
