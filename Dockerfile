# One image for both Baton processes: `baton serve` (api) and `baton worker`.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BATON_HOST=0.0.0.0 \
    BATON_PORT=8000 \
    BATON_DATA_DIR=/app/var

WORKDIR /app
RUN useradd --create-home --uid 10001 baton

# Dependencies first, so code changes do not reinstall them.
COPY pyproject.toml README.md ./
RUN mkdir domain projections processes api baton \
    && pip install . \
    && pip uninstall --yes baton

COPY domain ./domain
COPY projections ./projections
COPY processes ./processes
COPY api ./api
COPY baton ./baton
RUN pip install --no-deps . && mkdir -p /app/var && chown baton:baton /app/var

USER baton
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import urllib.request as u; u.urlopen('http://127.0.0.1:8000/readyz', timeout=4)"
CMD ["baton", "serve"]
