#!/bin/sh
# bad-input.sh - input postlint cannot lint must give one clear line on
# stderr naming the file, nothing on stdout, exit status 2, within seconds.
#
# Usage: tests/bad-input.sh POSTLINT_BINARY
# Prints "ok NAME" or "FAIL NAME" per case (tests/run.sh counts them).
set -u

bin=$1
wrapper=${POSTLINT_WRAPPER:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-bad.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# expect NAME PATTERN -- ARGS...: exit 2, stdout empty, exactly one stderr
# line that matches the grep pattern PATTERN.
expect() {
    name=$1 pattern=$2
    shift 3
    # shellcheck disable=SC2086
    timeout 20 $wrapper "$bin" --no-exec --postfix-version 3.7.11 "$@" \
        >"$tmp/out" 2>"$tmp/err" </dev/null
    status=$?
    lines=$(wc -l <"$tmp/err")
    if [ "$status" = 2 ] && [ ! -s "$tmp/out" ] && [ "$lines" = 1 ] &&
        grep -q -- "$pattern" "$tmp/err"; then
        echo "ok bad input: $name"
    else
        echo "FAIL bad input: $name (exit $status, $lines stderr lines)"
        sed 's/^/  stderr: /' "$tmp/err" | head -5
        sed 's/^/  stdout: /' "$tmp/out" | head -5
    fi
}

mkdir "$tmp/empty-dir" "$tmp/dir-as-main"
mkdir "$tmp/dir-as-main/main.cf"
printf 'myhostname = a\n' >"$tmp/ok.cf"

expect "missing config directory" "$tmp/nowhere/main.cf: cannot open: No such file" -- -c "$tmp/nowhere"
expect "missing main.cf" "$tmp/empty-dir/main.cf: cannot open" -- -c "$tmp/empty-dir"
expect "missing --master file" "$tmp/none.cf: cannot open" -- --main "$tmp/ok.cf" --master "$tmp/none.cf"
expect "directory as main.cf" "is a directory" -- -c "$tmp/dir-as-main"
expect "directory as --main" "$tmp/empty-dir: is a directory" -- --main "$tmp/empty-dir"

# Binary: a real executable.
cp "$(command -v sh)" "$tmp/binary.cf"
expect "binary file" "$tmp/binary.cf:1:.*NUL byte" -- --main "$tmp/binary.cf"

# A NUL byte on line 3 of an otherwise good file: named with its line.
printf 'a = 1\nb = 2\nc = x\000y\n' >"$tmp/nul.cf"
expect "NUL byte" "$tmp/nul.cf:3:6: NUL byte" -- --main "$tmp/nul.cf"

# A 10 MB line.
head -c 10485760 /dev/zero | tr '\000' x >"$tmp/long.cf"
expect "10 MB line" "$tmp/long.cf:1: line is longer than" -- --main "$tmp/long.cf"

# A 100 MB file (sparse, so it costs no disk).
truncate -s 100M "$tmp/huge.cf"
expect "100 MB file" "$tmp/huge.cf: file is larger than" -- --main "$tmp/huge.cf"

# A FIFO with no writer, and /dev/zero: refused without reading (no hang).
mkfifo "$tmp/fifo.cf"
expect "FIFO as main.cf" "$tmp/fifo.cf: not a regular file" -- --main "$tmp/fifo.cf"
expect "/dev/zero as main.cf" "/dev/zero: not a regular file" -- --main /dev/zero

# A symlink loop.
ln -s "$tmp/loop-b" "$tmp/loop-a"
ln -s "$tmp/loop-a" "$tmp/loop-b"
expect "symlink loop" "$tmp/loop-a: cannot open: too many levels of symbolic links" -- --main "$tmp/loop-a"

# Unreadable: as root, drop to nobody to make the permission real.
printf 'myhostname = a\n' >"$tmp/secret.cf"
chmod 000 "$tmp/secret.cf"
chmod 755 "$tmp"
if [ "$(id -u)" != 0 ]; then
    expect "unreadable file" "$tmp/secret.cf: cannot open: Permission denied" -- --main "$tmp/secret.cf"
elif command -v setpriv >/dev/null 2>&1; then
    cp "$bin" "$tmp/postlint-copy" && chmod 755 "$tmp/postlint-copy"
    saved_bin=$bin
    bin="$tmp/postlint-copy"
    saved_wrapper=$wrapper
    wrapper="setpriv --reuid=65534 --regid=65534 --clear-groups $wrapper"
    expect "unreadable file" "$tmp/secret.cf: cannot open: Permission denied" -- --main "$tmp/secret.cf"
    bin=$saved_bin
    wrapper=$saved_wrapper
else
    echo "skip unreadable file: running as root without setpriv"
fi

# Usage errors.
expect "unknown option" "unknown option \"--frobnicate\"" -- --frobnicate
expect "bad --format" "--format takes gcc, json, sarif, github or checkstyle" -- --format xml --main "$tmp/ok.cf"
expect "bad --postfix-version" "--postfix-version takes a version" -- --postfix-version banana --main "$tmp/ok.cf"
expect "stray argument" "unexpected argument \"main.cf\"" -- main.cf
expect "--simulate with --print" "--simulate runs with the lint, not with --print" -- --simulate --print tls --main "$tmp/ok.cf"
exit 0
