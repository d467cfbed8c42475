#!/usr/bin/env bash
# Regenerates the test PKI (data only; the tests never run this):
#   trusted-ca   "gomedic Test Root CA"       → leaf for 127.0.0.1 (valid chain)
#   mitm-ca      "Corp Interception Root CA"  → leaf for 127.0.0.1 (interception)
# EC P-256 keys, valid for 100 years, IP SAN 127.0.0.1 and DNS localhost.
set -euo pipefail
cd "$(dirname "$0")"
for ca in trusted mitm; do
  if [ $ca = trusted ]; then cn="gomedic Test Root CA"; else cn="Corp Interception Root CA"; fi
  openssl ecparam -name prime256v1 -genkey -noout -out $ca-ca.key
  openssl req -x509 -new -key $ca-ca.key -sha256 -days 36500 -subj "/O=gomedic tests/CN=$cn" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out $ca-ca.pem
  openssl ecparam -name prime256v1 -genkey -noout -out $ca-leaf.key
  openssl req -new -key $ca-leaf.key -subj "/O=gomedic tests/CN=127.0.0.1" -out $ca-leaf.csr
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' > leaf.ext
  openssl x509 -req -in $ca-leaf.csr -CA $ca-ca.pem -CAkey $ca-ca.key -CAcreateserial -days 36500 -sha256 \
    -extfile leaf.ext -out $ca-leaf.pem
  openssl pkcs8 -topk8 -nocrypt -in $ca-leaf.key -out $ca-leaf.key.pk8
  mv $ca-leaf.key.pk8 $ca-leaf.key
  rm -f $ca-leaf.csr leaf.ext $ca-ca.srl $ca-ca.key
done
