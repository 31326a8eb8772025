# One image for web, worker, beat and flower (see docker-compose.yml).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_STATIC_ROOT=/app/staticfiles \
    DJANGO_STATICFILES_STORAGE=whitenoise.storage.CompressedManifestStaticFilesStorage \
    LODESTAR_VAR_DIR=/var/lib/lodestar \
    LODESTAR_CLIENT_DIR=/app/build/client
WORKDIR /app
# Workers run code submissions inside bubblewrap (see README: worker hosts for code labs).
RUN apt-get update && apt-get install -y --no-install-recommends bubblewrap \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
# The `lodestar` client's wheel, which the site hands out at /client/: built into the image
# (not the var volume, which would keep an old one), outside the web root.
RUN pip wheel --no-cache-dir --no-deps ./client -w "$LODESTAR_CLIENT_DIR" \
    && rm -rf client/build client/src/*.egg-info
# Static files are collected (hashed and compressed) into the image; whitenoise serves them.
RUN mkdir -p /var/lib/lodestar \
    && DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && chown -R nobody /var/lib/lodestar
USER nobody
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.conf.py"]
