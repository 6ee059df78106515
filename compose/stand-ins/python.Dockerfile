# Stand-in for python:<version>-slim-<debian>, for machines that cannot pull images (make
# compose-check builds it under the official tag only when the engine lacks that tag, and says so):
# Debian's own Python of that minor version, with the names the official image has on PATH
# (python, python3, python3.X in /usr/local/bin) and its environment. Not the official image:
# Debian's patch release, not the tag's, and no pip.
ARG DEBIAN=bookworm
FROM debian:${DEBIAN}-slim
ARG PYTHON=3.11
# Exact Debian versions are not pinned: the release is, and old point releases leave the archive.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends "python${PYTHON}" ca-certificates netbase tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && ln -s "/usr/bin/python${PYTHON}" "/usr/local/bin/python${PYTHON}" \
    && ln -s "python${PYTHON}" /usr/local/bin/python3 \
    && ln -s "python${PYTHON}" /usr/local/bin/python
# The trust store, with the machine's own certificate authorities (the base has them in
# /usr/local/share/ca-certificates), for uv too: the builds reach PyPI from this image.
ENV LANG=C.UTF-8 \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
CMD ["python3"]
