#!/bin/sh
# Makes, once, the token signing key pair that every Switchboard instance of the compose stack
# shares (docker/compose.yaml, service signing-keys; docs/operations.md "Several instances with
# compose"). A token signed by one instance is then accepted by the others. Runs in the postgres
# image, which has openssl; writes to KEYS_DIR (the signing-keys volume) and exits. A pair already
# there is kept: delete the volume's files (or the volume) to make a new one, which signs every
# user out. To use a pair of your own, put it there as token-signing.key.pem (PKCS#8) and
# token-signing.pub.pem before the first start.
set -eu
dir=${KEYS_DIR:-/keys}
owner=${KEYS_OWNER:-1001}
key=$dir/token-signing.key.pem
pub=$dir/token-signing.pub.pem

if [ -s "$key" ] && [ -s "$pub" ]; then
  echo "Token signing keys already in $dir"
  exit 0
fi
umask 077
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key.new"
openssl pkey -in "$key.new" -pubout -out "$pub.new"
# The service runs as uid 1001 (docker/Dockerfile.jvm): it reads both, nobody else reads the key.
chown "$owner" "$key.new" "$pub.new"
chmod 0400 "$key.new"
chmod 0444 "$pub.new"
# The public key first, the private key last: a pair is complete once the private key is there.
mv "$pub.new" "$pub"
mv "$key.new" "$key"
echo "Generated a token signing key pair in $dir"
