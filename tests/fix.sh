#!/bin/bash
# fix.sh - --fix and --diff do what they promise.
#
# - On each stage of the founding case (../shared/story), and on every
#   golden case's files: --diff applies with patch -p1 -d / and gives
#   exactly what --fix=all writes; the fixed files are accepted by real postconf when
#   the originals were; a second --fix changes nothing and --diff after it
#   is empty.
# - Every unrelated byte survives (CR LF line ends, comments), and so do
#   the file's mode and owner; a symbolic link stays a link.
# - A file modified while postlint is fixing it is left untouched (exit 2).
# - Text from stdin and unwritable files are reported, not written.
#
# Usage: tests/fix.sh POSTLINT_BINARY   (prints "ok ..." / "FAIL ...")
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
run() { ${run_wrapper-${POSTLINT_WRAPPER:-}} "$bin" --no-exec "$@"; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-fix.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
ok() { echo "ok   $1"; }
bad() { echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/     /' "$2" | head -20; }
sums() { (cd "$1" && cat main.cf master.cf 2>/dev/null | sha256sum); }
postconf_ok() {
    command -v postconf >/dev/null || return 0
    touch -d '-2 min' "$1"/*.cf 2>/dev/null
    postconf -c "$1" -n >/dev/null 2>"$tmp/pc.err" && ! grep -q fatal "$tmp/pc.err"
}

# check_case NAME DIR VERSION...: the round trip on a copy of DIR.
check_case() {
    local name=$1 src=$2 w="$tmp/w/$1" p="$tmp/p/$1" before_ok=yes
    shift 2
    rm -rf "$w" "$p" && mkdir -p "$w/cfg" "$p/cfg"
    cp "$src"/main.cf "$src"/master.cf "$w/cfg/" 2>/dev/null
    [ -f "$w/cfg/main.cf" ] || return 0
    cp "$w"/cfg/* "$p/cfg/"
    postconf_ok "$w/cfg" || before_ok=no
    (cd "$p" && run "$@" -c cfg --diff >"$tmp/patch" 2>/dev/null)
    (cd "$w" && run "$@" -c cfg --fix=all >/dev/null 2>"$tmp/fix.err")
    if [ -s "$tmp/patch" ] && ! (cd / && patch -s -p1 -d / <"$tmp/patch" >"$tmp/patch.out" 2>&1); then
        bad "fix $name: --diff does not apply with patch -p1 -d /" "$tmp/patch.out"; return
    fi
    if [ "$(sums "$w/cfg")" != "$(sums "$p/cfg")" ]; then
        diff -r "$w/cfg" "$p/cfg" >"$tmp/d" 2>&1
        bad "fix $name: --fix=all and --diff | patch disagree" "$tmp/d"; return
    fi
    if [ $before_ok = yes ] && ! postconf_ok "$w/cfg"; then
        bad "fix $name: real postconf rejects the fixed files" "$tmp/pc.err"; return
    fi
    # Advice dropped because it conflicted with a correction is listed,
    # not applied; once the correction is in the file, a second run may
    # apply it. A run after that changes nothing.
    if grep -q 'fix not applied.*dropped: it is' "$tmp/fix.err"; then
        (cd "$w" && run "$@" -c cfg --fix=all >/dev/null 2>&1)
    fi
    local once; once=$(sums "$w/cfg")
    (cd "$w" && run "$@" -c cfg --fix=all >/dev/null 2>&1)
    (cd "$w" && run "$@" -c cfg --diff >"$tmp/again" 2>/dev/null)
    if [ "$(sums "$w/cfg")" != "$once" ] || [ -s "$tmp/again" ]; then
        bad "fix $name: a second --fix still finds something to fix" "$tmp/again"; return
    fi
    ok "fix $name: --diff = --fix=all, postconf accepts, second run changes nothing"
}

shared="$top/../shared/story"
if [ -d "$shared" ]; then
    for s in 1 2 3; do
        check_case "story-stage$s" "$shared/stage$s" --postfix-version 2.6.6 --openssl-version 1.0.1e
    done
else
    echo "skip story stages: $shared is absent"
fi
# Every golden case's configuration, at the version its args name. (Not
# under POSTLINT_WRAPPER: valgrind would take many minutes here, and the
# story stages above and the checks below already run under it.)
run_wrapper=""
for dir in "$top"/testdata/*/; do
    name=$(basename "$dir")
    [ -f "$dir/main.cf" ] || continue
    ver=$(grep -o -- '--postfix-version [0-9.]*' "$dir/args" 2>/dev/null | head -1 | cut -d' ' -f2)
    check_case "$name" "$dir" --postfix-version "${ver:-3.7.11}" --openssl-version 3.0
done >"$tmp/cases"
fails=$(grep -c '^FAIL' "$tmp/cases")
cases=$(grep -c '^ok' "$tmp/cases")
if [ "$fails" -eq 0 ]; then
    ok "fix round trip on all $cases golden case configurations"
else
    grep -A20 '^FAIL' "$tmp/cases" | head -60 | sed 's/^FAIL /FAIL fix round trip: /'
fi
unset run_wrapper

# ---- bytes, mode, owner, links ------------------------------------------
d="$tmp/bytes" && mkdir -p "$d"
printf '# keep this comment\r\nmyhostname = mx.example.net\r\n\r\n   # indented comment\r\nsmtpd_tls_security_level = may\r\nsmtpd_tls_protocols = >=TLSv1.3\r\n' >"$d/main.cf"
printf 'smtp      inet  n       -       y       -       -       smtpd\r\n' >"$d/master.cf"
chmod 640 "$d/main.cf"
chgrp mail "$d/main.cf" 2>/dev/null
stat -c '%a %U %G' "$d/main.cf" >"$tmp/stat.before"
run --postfix-version 3.7.11 -c "$d" --fix >/dev/null 2>"$tmp/err"
stat -c '%a %U %G' "$d/main.cf" >"$tmp/stat.after"
want='# keep this comment\r\nmyhostname = mx.example.net\r\n\r\n   # indented comment\r\nsmtpd_tls_security_level = may\r\nsmtpd_tls_protocols = >=TLSv1\r\n'
if [ "$(od -c "$d/main.cf")" = "$(printf "$want" | od -c)" ]; then
    ok "fix keeps CR LF, comments and layout; changes only the fixed text"
else
    od -c "$d/main.cf" >"$tmp/od"; bad "fix changed unrelated bytes" "$tmp/od"
fi
if cmp -s "$tmp/stat.before" "$tmp/stat.after"; then
    ok "fix keeps mode and owner ($(cat "$tmp/stat.after"))"
else
    cat "$tmp/stat.before" "$tmp/stat.after" >"$tmp/s"; bad "fix lost mode or owner" "$tmp/s"
fi
# A link to a file in the same directory (links out of it are refused:
# tests/security.sh).
mkdir -p "$tmp/link/etc" && cp "$d/master.cf" "$tmp/link/etc/"
printf 'smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1.3\n' >"$tmp/link/etc/main.cf.real"
ln -s main.cf.real "$tmp/link/etc/main.cf"
run --postfix-version 3.7.11 -c "$tmp/link/etc" --fix >/dev/null 2>&1
if [ -L "$tmp/link/etc/main.cf" ] && grep -q '>=TLSv1$' "$tmp/link/etc/main.cf.real"; then
    ok "fix through a symbolic link rewrites its target and keeps the link"
else
    bad "fix replaced the symbolic link or missed its target"
fi

# ---- a file modified while postlint fixes it ----------------------------
if command -v strace >/dev/null 2>&1; then
    m="$tmp/race" && mkdir -p "$m" && cp "$d/master.cf" "$m/"
    printf 'smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1.3\n' >"$m/main.cf"
    # The new text's fsync is held 3 s. As soon as postlint's temporary
    # file appears (it has read and linted main.cf), someone edits it.
    ( for _ in $(seq 100); do
          ls "$m"/.main.cf.postlint-* >/dev/null 2>&1 && break; sleep 0.05
      done
      printf 'smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1.2\n' >"$m/main.cf" ) &
    # (LeakSanitizer cannot run under ptrace: off for this one run.)
    ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
    strace -f -o /dev/null -e trace=fsync -e inject=fsync:delay_enter=3000000 \
        "$bin" --no-exec --postfix-version 3.7.11 -c "$m" --fix >/dev/null 2>"$tmp/race.err"
    status=$?
    wait
    if [ $status = 2 ] && grep -q 'changed while postlint was fixing it' "$tmp/race.err" \
        && grep -q '>=TLSv1.2$' "$m/main.cf" && [ "$(ls -A "$m" | wc -l)" = 2 ]; then
        ok "a file modified during --fix is left untouched (exit 2, no temp file left)"
    else
        { echo "exit $status"; cat "$tmp/race.err" "$m/main.cf"; ls -A "$m"; } >"$tmp/r"
        bad "a file modified during --fix" "$tmp/r"
    fi
else
    echo "FAIL race test needs strace (apt-get install strace)"
fi
# Text from stdin cannot be written back.
printf 'smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1.3\n' | run --postfix-version 3.7.11 --main - --stdin-name main.cf --fix >/dev/null 2>"$tmp/stdin.err"
if grep -q 'fix not applied.*read from stdin' "$tmp/stdin.err"; then
    ok "fixes for text read from stdin are listed, not applied"
else
    bad "stdin --fix" "$tmp/stdin.err"
fi
# An unwritable directory: postlint says so, exit 2, the file is unchanged.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
    u="$tmp/ro" && mkdir -p "$u" && cp "$d/master.cf" "$u/"
    printf 'smtpd_tls_security_level = may\nsmtpd_tls_protocols = >=TLSv1.3\n' >"$u/main.cf"
    chmod 755 "$tmp" "$u"; chmod 644 "$u"/*
    setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" --no-exec \
        --postfix-version 3.7.11 -c "$u" --fix >/dev/null 2>"$tmp/ro.err"
    status=$?
    if [ $status = 2 ] && grep -q 'not fixed' "$tmp/ro.err" && grep -q '>=TLSv1.3$' "$u/main.cf"; then
        ok "an unwritable config directory: not fixed, said so, exit 2"
    else
        { echo "exit $status"; cat "$tmp/ro.err"; } >"$tmp/r"; bad "unwritable directory" "$tmp/r"
    fi
fi

# ---- issue 19: the 3 a.m. experience ------------------------------------
# 1. A correction wins over advice that touches the same text: the blank
#    in ">= TLSv1.2" (tls-protocol-bound-space, a warning) is fixed; the
#    advice of tls-protocol-floor (info) is dropped and said why.
#    The same for an include list (tls-protocol-include-list).
prio() {  # prio NAME VALUE WANT LOSER WINNER
    local c="$tmp/prio-$1"; mkdir -p "$c"
    printf 'smtpd_tls_security_level = may\nsmtpd_tls_protocols = %s\nsmtpd_relay_restrictions = reject_unauth_destination\n' "$2" >"$c/main.cf"
    printf 'smtp      inet  n       -       y       -       -       smtpd\n' >"$c/master.cf"
    run --postfix-version 3.7.11 -c "$c" --fix >/dev/null 2>"$c/err"
    if grep -qx "smtpd_tls_protocols = $3" "$c/main.cf" \
        && grep -q "fix not applied \[$4\]: dropped: it is advice (info) and conflicts with the fix of $5" "$c/err" \
        && grep -q "applied 1 fix:" "$c/err" && grep -q "\[$5\]" "$c/err"; then
        ok "fix: $5 wins over the advice of $4 on \"$2\" (dropped, said on stderr)"
    else
        cat "$c/main.cf" "$c/err" >"$c/why"; bad "fix: $5 against $4 on \"$2\"" "$c/why"
    fi
}
prio space '>= TLSv1.2' '>=TLSv1.2' tls-protocol-floor tls-protocol-bound-space
prio include 'TLSv1.2' '>=TLSv1.2' tls-protocol-floor tls-protocol-include-list

# 2. --fix applies the fixes of the findings a lint run showed, and no
#    other: on the founding case's stage 2, a floor fix appears only
#    after the protocol list is repaired. It is listed, not applied;
#    --fix=all applies it; the summary names each fix by rule and line.
if [ -d "$shared" ]; then
    r="$tmp/rounds" && mkdir -p "$r" && cp "$shared"/stage2/*.cf "$r/"
    sv="--postfix-version 2.6.6 --openssl-version 1.0.1e"
    # shellcheck disable=SC2086
    run $sv -c "$r" >"$r/lint" 2>/dev/null
    # the headline of each finding with a fix (its note line comes between)
    awk '/^  fix: / { print head } !/^  / { head = $0 }' "$r/lint" |
        sed -n 's/^\([^:]*\):\([0-9]*\):.*\[\([a-z-]*\)\]$/\1:\2 \3/p' | sort >"$r/shown"
    # shellcheck disable=SC2086
    run $sv -c "$r" --fix >/dev/null 2>"$r/err"
    sed -n 's/^postlint:   \([^:]*\):\([0-9]*\):[0-9]* \[\([a-z-]*\)\]: .*/\1:\2 \3/p' "$r/err" | sort >"$r/applied"
    if [ -s "$r/applied" ] && [ -z "$(comm -13 "$r/shown" "$r/applied")" ] \
        && grep -q 'not applied \[tls-protocol-floor\]' "$r/err" \
        && grep -q 'apply with --fix=all' "$r/err" \
        && grep -q 'smtpd_tls_protocols = !SSLv2, !SSLv3, !TLSv1$' "$r/main.cf"; then
        ok "fix: --fix applies only fixes a lint run showed ($(wc -l <"$r/applied") listed by rule and file:line); the later one is listed"
    else
        { echo "shown:"; cat "$r/shown"; echo "applied:"; cat "$r/applied"; cat "$r/err"; } >"$r/why"
        bad "fix: --fix applied a fix no run had shown" "$r/why"
    fi
    # shellcheck disable=SC2086
    run $sv -c "$r" --fix=all >/dev/null 2>"$r/err2"
    if grep -q 'smtpd_tls_protocols = !SSLv2, !SSLv3$' "$r/main.cf" \
        && grep -q '\[tls-protocol-floor\]' "$r/err2"; then
        ok "fix: --fix=all applies the fix found in a later round"
    else
        cat "$r/err2" >"$r/why"; bad "fix: --fix=all" "$r/why"
    fi
fi

# 3. The documented pipeline, verbatim: `postlint --diff | patch -p1 -d /`
#    from a directory that is not the configuration's, with the default
#    configuration directory (a stub postconf names a temporary one), and
#    with -c given as a relative path.
pipe="$tmp/pipe" && mkdir -p "$pipe/cfg" "$pipe/elsewhere" "$pipe/bin"
mkpipe() {
    printf 'myhostname = mx.example.net\nsmtpd_banner = $myhostname costs $\n' >"$pipe/cfg/main.cf"
    printf 'pickup    unix  n       -       y       60      1       pickup\n' >"$pipe/cfg/master.cf"
}
cat >"$pipe/bin/postconf" <<STUB
#!/bin/sh
case "\$*" in
*config_directory*) echo "$pipe/cfg" ;;
*mail_version*) echo 3.7.11 ;;
*) exit 1 ;;
esac
STUB
chmod +x "$pipe/bin/postconf"
mkpipe
(cd "$pipe/elsewhere" && PATH="$pipe/bin:$PATH" "$bin" --diff 2>"$pipe/err" \
    | patch -p1 -d / >"$pipe/out" 2>&1)
if grep -q 'smtpd_banner = $myhostname costs $$$' "$pipe/cfg/main.cf" \
    && [ "$(ls -A "$pipe/cfg" | wc -l)" = 2 ]; then
    ok "fix: 'postlint --diff | patch -p1 -d /' works as documented, from another directory, default config directory"
else
    cat "$pipe/err" "$pipe/out" "$pipe/cfg/main.cf" >"$pipe/why"; bad "fix: the documented --diff | patch pipeline" "$pipe/why"
fi
mkpipe
(cd "$pipe/elsewhere" && run --postfix-version 3.7.11 -c ../cfg --diff 2>/dev/null \
    | patch -p1 -d / >"$pipe/out" 2>&1)
if grep -q 'smtpd_banner = $myhostname costs $$$' "$pipe/cfg/main.cf"; then
    ok "fix: --diff with a relative -c ../cfg applies with patch -p1 -d / (absolute names in the diff)"
else
    cat "$pipe/out" >"$pipe/why"; bad "fix: --diff -c ../cfg | patch -p1 -d /" "$pipe/why"
fi

# A main.cf that is a symbolic link (to a file beside it), in a directory
# reached through a link: the diff names the link's target, patch
# rewrites it, the link stays.
mkdir -p "$pipe/real" && ln -sfn real "$pipe/linked"
printf 'myhostname = mx.example.net\nsmtpd_banner = $myhostname costs $\n' >"$pipe/real/main.cf.real"
ln -sf main.cf.real "$pipe/real/main.cf"
cp "$pipe/cfg/master.cf" "$pipe/real/"
(cd "$pipe/elsewhere" && run --postfix-version 3.7.11 -c "$pipe/linked" --diff 2>/dev/null \
    | patch -p1 -d / >"$pipe/out" 2>&1)
if [ -L "$pipe/real/main.cf" ] && grep -q 'smtpd_banner = $myhostname costs $$$' "$pipe/real/main.cf.real"; then
    ok "fix: --diff | patch -p1 -d / through a linked directory and a linked main.cf (the target patched, the link kept)"
else
    cat "$pipe/out" >"$pipe/why"; bad "fix: --diff | patch -p1 -d / with links" "$pipe/why"
fi

# 4. --diff's exit status is that of the files as they are on disk: 1
#    while the error is there, 0 once the patch is applied.
mkpipe
run --postfix-version 3.7.11 -c "$pipe/cfg" --diff >"$pipe/p" 2>/dev/null; s1=$?
(cd / && patch -s -p1 -d / <"$pipe/p")
run --postfix-version 3.7.11 -c "$pipe/cfg" --diff >"$pipe/p2" 2>/dev/null; s2=$?
run --postfix-version 3.7.11 -c "$pipe/cfg" >/dev/null 2>&1; s3=$?
if [ $s1 = 1 ] && [ $s2 = 0 ] && [ $s3 = 0 ] && [ ! -s "$pipe/p2" ]; then
    ok "fix: --diff exits 1 while the error is in the file, 0 after the patch (as a lint run)"
else
    echo "exit $s1 before, $s2 after (lint $s3)" >"$pipe/why"; bad "fix: --diff exit status" "$pipe/why"
fi

# --fix takes =all or nothing.
run --postfix-version 3.7.11 -c "$pipe/cfg" --fix=some >/dev/null 2>"$tmp/fixarg.err"; fs=$?
if [ $fs = 2 ] && grep -q -- '--fix takes =all or nothing' "$tmp/fixarg.err"; then
    ok "fix: --fix=some is a usage error (exit 2)"
else
    bad "fix: --fix=some" "$tmp/fixarg.err"
fi

# The golden --diff output (testdata/diff/: names absolute, @TOP@ for the
# source tree), with its stderr and status.
g="$top/testdata/diff"
# shellcheck disable=SC2046,SC2086
(cd "$g" && eval "run $(sed 's/--no-exec//' diff-args)" >"$tmp/g.out" 2>"$tmp/g.err"); gs=$?
sed "s|@TOP@|$(cd "$top" && pwd -P)|" "$g/expected" >"$tmp/g.want"
if diff -u "$tmp/g.want" "$tmp/g.out" >"$tmp/g.why" && diff -u "$g/expected.stderr" "$tmp/g.err" >>"$tmp/g.why" \
    && [ "$gs" = "$(cat "$g/status")" ]; then
    ok "fix: golden --diff output (testdata/diff), stderr and status"
else
    echo "exit $gs" >>"$tmp/g.why"; bad "fix: golden --diff output (testdata/diff)" "$tmp/g.why"
fi
