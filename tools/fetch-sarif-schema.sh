#!/bin/sh
# fetch-sarif-schema.sh - put the official SARIF 2.1.0 JSON schema at
# $1 (default build/sarif/sarif-2.1.0-rtm.5.json), for tests/sarif.sh.
#
# The schema is the final 2.1.0 one published by the OASIS SARIF TC
# ("sarif-2.1.0-rtm.5", the schema json.schemastore.org serves for SARIF
# 2.1.0). It is taken from Microsoft's @microsoft/jest-sarif package on
# the npm registry and checked against a pinned SHA-256, so a changed or
# corrupted download is refused rather than trusted.
set -eu
out=${1:-build/sarif/sarif-2.1.0-rtm.5.json}
sha=2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8
url=https://registry.npmjs.org/@microsoft/jest-sarif/-/jest-sarif-1.0.0-beta.0.tgz
member=package/lib/schemas/sarif-2.1.0-rtm.5.json

if [ -f "$out" ] && echo "$sha  $out" | sha256sum -c - >/dev/null 2>&1; then
    exit 0
fi
mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 2 -o "$tmp/pkg.tgz" "$url"
else
    wget -q -O "$tmp/pkg.tgz" "$url"
fi
tar -xzf "$tmp/pkg.tgz" -C "$tmp" "$member"
echo "$sha  $tmp/$member" | sha256sum -c - >/dev/null || {
    echo "fetch-sarif-schema: checksum mismatch for $url" >&2
    exit 1
}
mv "$tmp/$member" "$out"
