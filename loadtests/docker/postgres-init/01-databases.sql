-- One database per implementation service in docker-compose.yml. PostgreSQL's image runs this
-- once, when it initialises an empty volume (after `docker compose down -v`, again).
CREATE DATABASE fastapi;
CREATE DATABASE flask;
CREATE DATABASE django;
