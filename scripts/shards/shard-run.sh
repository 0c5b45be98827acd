#!/bin/sh
# Runs one shard of a genesys-export job with that shard's own OAuth client.
#
#   shard-run.sh JOB SHARDS            shard index from $JOB_COMPLETION_INDEX (Kubernetes Indexed Job) or $SHARD
#
# The shard's client id and secret are read from $SECRETS_DIR/shard-K/client-id and .../client-secret (one Secret
# per shard, mounted there; default /var/run/secrets/genesys-export), so N shards use N OAuth clients and N request
# budgets. Everything else (GENESYSCLOUD_REGION, GENESYSCLOUD_API_URL, …) comes from the environment as for `run`.
# $GENESYS_EXPORT names the binary (default: genesys-export on PATH). Exits with `run`'s exit code.
set -eu
job=${1:?usage: shard-run.sh JOB SHARDS}
shards=${2:?usage: shard-run.sh JOB SHARDS}
shard=${JOB_COMPLETION_INDEX:-${SHARD:?set JOB_COMPLETION_INDEX or SHARD}}
secrets=${SECRETS_DIR:-/var/run/secrets/genesys-export}/shard-$shard
GENESYSCLOUD_OAUTHCLIENT_ID=$(cat "$secrets/client-id")
GENESYSCLOUD_OAUTHCLIENT_SECRET=$(cat "$secrets/client-secret")
export GENESYSCLOUD_OAUTHCLIENT_ID GENESYSCLOUD_OAUTHCLIENT_SECRET
exec "${GENESYS_EXPORT:-genesys-export}" run "$job" --shard "$shard/$shards" --log-format json
