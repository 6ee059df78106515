# Stand-in for ghcr.io/astral-sh/uv:<version>, for machines that cannot pull images (make
# compose-check builds it under the official tag only when the engine lacks that tag, and says so):
# /uv and /uvx, as in the official image, from uv's own wheel on PyPI (the Makefile's bootstrap puts
# them in .tools/bin). Not the official image: that holds static builds, these link to glibc, which
# every image here that copies them has.
FROM scratch
COPY uv uvx /
