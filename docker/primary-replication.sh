#!/bin/sh
# Runs once, when the db service creates its data folder: lets the replica service
# (docker compose --profile replica) stream the primary's WAL as POSTGRES_USER.
# wal_level=replica and max_wal_senders=10 are PostgreSQL's defaults already.
set -e
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
