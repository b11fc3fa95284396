# Koers in a container: Debian with Python, the Debian packages of `make runtime` for the
# PDF reports, run as a user without rights. compose.yaml starts it with PostgreSQL and a
# worker; docs/operations.md describes both.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    KOERS_ENVIRONMENT=production \
    KOERS_VAR_DIR=/var/lib/koers \
    STATIC_ROOT=/app/static \
    KOERS_BIND=0.0.0.0:8000

# Pango and a font for WeasyPrint (the PDF reports): the same list as `make runtime`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --uid 1000 --user-group --home-dir /app --shell /usr/sbin/nologin koers \
    && mkdir -p /app /var/lib/koers \
    && chown koers:koers /var/lib/koers

WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY src ./src
COPY data ./data
# Editable, so that `koers load-demo` finds the Heerde data in /app/data.
RUN pip install -e . \
    && SECRET_KEY=build ALLOWED_HOSTS=build koers collectstatic --noinput --verbosity 0

USER koers
VOLUME /var/lib/koers
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/gezondheid/', timeout=4)"
CMD ["koers", "serve"]
