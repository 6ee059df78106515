# Stand-in for postgres:<version>, for machines that cannot pull images (make compose-check builds
# it under the official tag only when the engine lacks that tag, and says so): Debian bookworm's
# PostgreSQL of that major version, with an entrypoint that does what docker-compose.yml relies on
# in the official one (postgres-entrypoint.sh). Not the official image: Debian's minor release, not
# the tag's, and only that part of the entrypoint.
FROM debian:bookworm-slim
ARG PG_MAJOR=15
# No cluster at install time: the entrypoint creates one in PGDATA, as the official image does.
# Exact Debian versions are not pinned: the release is, and old point releases leave the archive.
# hadolint ignore=DL3008
RUN mkdir -p /etc/postgresql-common \
    && echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf \
    && apt-get update \
    && apt-get install -y --no-install-recommends "postgresql-${PG_MAJOR}" gosu \
    && rm -rf /var/lib/apt/lists/* \
    && sed -ri "s/^#?(listen_addresses)\s*=\s*\S+.*/\1 = '*'/" \
        "/usr/share/postgresql/${PG_MAJOR}/postgresql.conf.sample" \
    && install -d -o postgres -g postgres -m 3777 /var/run/postgresql
ENV PATH=$PATH:/usr/lib/postgresql/${PG_MAJOR}/bin \
    PGDATA=/var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
ENTRYPOINT ["docker-entrypoint.sh"]
# SIGINT: PostgreSQL's fast shutdown, as in the official image.
STOPSIGNAL SIGINT
EXPOSE 5432
CMD ["postgres"]
