# One database per implementation service of docker-compose.yml, each named in the postgres
# service's IMPLEMENTATION_DATABASES (space-separated). PostgreSQL's image sources this script (not
# executable: sourced by bash, not run) once, when it initialises an empty volume (after
# `docker compose down -v`, again), with the server listening on its socket only; a failure stops
# the initialisation.
for database in ${IMPLEMENTATION_DATABASES:?the postgres service names no database to create}; do
    psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
        --set db="$database" <<<'CREATE DATABASE :"db";'
done
