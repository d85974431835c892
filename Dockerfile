# Protocol Portal: one image for web (gunicorn), worker and beat; see docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    PORTAL_VAR_DIR=/var/lib/portal

WORKDIR /app

# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml ./
RUN pip install . && rm -rf build *.egg-info

COPY . .

# Hashed, compressed static files for WhiteNoise, built with the production storage.
# The key and host here exist only for this build step.
RUN DJANGO_ENV=production DJANGO_SECRET_KEY=collectstatic-build-only DJANGO_ALLOWED_HOSTS=localhost \
        PORTAL_VAR_DIR=/tmp/build-var python manage.py collectstatic --noinput \
    && rm -rf /tmp/build-var \
    && useradd --system --create-home --home-dir /home/portal portal \
    && mkdir -p /var/lib/portal \
    && chown portal:portal /var/lib/portal

USER portal
EXPOSE 8000

CMD ["gunicorn", "protocol_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
