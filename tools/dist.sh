#!/bin/sh
# dist.sh - write DIST_DIR/postlint-VERSION.tar.gz, the source tarball.
#
# Usage: tools/dist.sh VERSION DIST_DIR   (make dist)
# The files are the ones git tracks, as they are in the work tree; outside
# a git checkout (an unpacked tarball), every file but build/, tarballs
# and what dpkg-buildpackage leaves in debian/. They go under postlint-VERSION/, sorted, owned by root, dated
# by the last commit (or SOURCE_DATE_EPOCH), gzip without a timestamp: the
# same tree gives the same bytes.
set -eu
version=$1
dist_dir=$2
cd "$(dirname "$0")/.."
name=postlint-$version
mkdir -p "$dist_dir"
out=$(cd "$dist_dir" && pwd)/$name.tar.gz
list=$(mktemp "${TMPDIR:-/tmp}/postlint-dist.XXXXXX")
trap 'rm -f "$list"' EXIT INT TERM
if [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$(pwd -P)" ]; then
    # Tracked files that still exist (a deletion not yet committed is gone).
    git ls-files -z | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\n" "$f"; done' sh >"$list"
    epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}
else
    find . \( -path ./build -o -path ./debian/postlint -o -path ./debian/.debhelper \
        -o -path ./debian/tmp \) -prune -o -type f ! -name '*.tar.gz' \
        ! -path ./debian/files ! -name '*.substvars' ! -name 'debhelper-build-stamp' ! -name '*.debhelper.log' \
        -print | sed 's|^\./||' >"$list"
    epoch=${SOURCE_DATE_EPOCH:-$(date +%s)}
fi
tar --create --file="$out.tar" --no-recursion --sort=name \
    --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
    --transform="s|^|$name/|" --files-from="$list"
gzip -9 -n <"$out.tar" >"$out.tmp"
rm -f "$out.tar"
mv "$out.tmp" "$out"
echo "$out: $(wc -l <"$list") files"
