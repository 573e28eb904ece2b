#!/bin/sh
# Promote the PostgreSQL standby to primary (the guide's promote-pg.sh), run by carpd as the
# up-script of db.conf when this node becomes MASTER. carpd passes the interface and the VIP as
# arguments and CARP_* variables in the environment; this script needs neither.
/usr/local/bin/pg_ctl promote -D /var/db/postgres/data16
logger -t pg-promote "PostgreSQL promoted to primary on $(hostname) (${CARP_REASON:-carpd})"
