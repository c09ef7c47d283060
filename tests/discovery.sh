#!/bin/sh
# discovery.sh - how postlint finds what to lint, run as a postmaster
# would at 3 a.m.: a normal user's PATH (no /usr/sbin), MAIL_CONFIG,
# a postconf that dies, --master alone, odd option values, -v and -q.
#
# Usage: tests/discovery.sh POSTLINT_BINARY   (prints "ok ..." / "FAIL ..."
# / "skip ...")
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-disc.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
userpath=/usr/bin:/bin

ok() { echo "ok   $1"; }
fail() {
    echo "FAIL $1"
    for f in "$tmp/out" "$tmp/err"; do
        [ -s "$f" ] && sed 's/^/     /' "$f" | head -15
    done
    return 0
}
# run ENV... -- ARGS: postlint with that environment, stdout in out,
# stderr in err, status in $st.
run() {
    envs=""
    while [ "$1" != "--" ]; do envs="$envs $1"; shift; done
    shift
    # shellcheck disable=SC2086
    env $envs "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    st=$?
}

# The installed Postfix, asked where Postfix puts postconf.
pc=""
for d in /usr/sbin /usr/local/sbin; do
    [ -x "$d/postconf" ] && { pc="$d/postconf"; break; }
done
installed=""
[ -n "$pc" ] && installed=$("$pc" -c /dev/null/postlint -d -h mail_version 2>/dev/null)

# ---- postconf outside PATH -------------------------------------------------
d="$tmp/rpk" && mkdir -p "$d"
printf 'smtp_tls_enable_rpk = yes\n' >"$d/main.cf"
: >"$d/master.cf"
if [ -z "$installed" ]; then
    echo "skip postconf outside PATH: no postconf in /usr/sbin or /usr/local/sbin"
elif PATH=$userpath command -v postconf >/dev/null 2>&1; then
    echo "skip postconf outside PATH: $userpath has postconf"
else
    run PATH=$userpath -- -c "$d"
    if grep -q "Postfix $installed" "$tmp/out" \
        && ! grep -q 'not installed\|postfix-version-assumed' "$tmp/out" "$tmp/err"; then
        ok "PATH=$userpath: postconf found at $pc, Postfix $installed used"
    else
        fail "PATH=$userpath: the installed Postfix $installed is not used"
    fi
    case $installed in
    2.* | 3.[0-8].*)
        if grep -A1 "smtp_tls_enable_rpk is ignored by Postfix $installed \[" "$tmp/out" |
            grep -q '^  note: it was added in 3.9' \
            && [ $st = 1 ]; then
            ok "PATH=$userpath: smtp_tls_enable_rpk (3.9) reported for Postfix $installed"
        else
            fail "PATH=$userpath: smtp_tls_enable_rpk not reported (exit $st)"
        fi ;;
    *) echo "skip smtp_tls_enable_rpk: Postfix $installed has it" ;;
    esac
    run PATH=$userpath -- -v -c "$d"
    if grep -q "postconf: $pc (not in PATH" "$tmp/err"; then
        ok "-v says postconf came from $pc, outside PATH"
    else
        fail "-v does not say where postconf was found"
    fi
fi

# ---- --no-exec runs nothing, PATH is searched first --------------------------
mkdir -p "$tmp/fake"
cat >"$tmp/fake/postconf" <<EOF
#!/bin/sh
echo "\$*" >>"$tmp/ran"
case "\$*" in
*mail_version*) echo 3.4.0 ;;
*config_directory*) echo "$d" ;;
esac
EOF
chmod +x "$tmp/fake/postconf"
rm -f "$tmp/ran"
run PATH="$tmp/fake:$userpath" -- --no-exec -c "$d"
if [ ! -e "$tmp/ran" ] && grep -q -- '--no-exec: postconf was not asked' "$tmp/out"; then
    ok "--no-exec: no postconf run, from PATH or elsewhere"
else
    fail "--no-exec ran postconf: $(cat "$tmp/ran" 2>/dev/null)"
fi
run PATH="$tmp/fake:$userpath" -- -c "$d"
if [ -e "$tmp/ran" ] && grep -q 'Postfix 3.4.0' "$tmp/out"; then
    ok "a postconf in PATH comes before /usr/sbin"
else
    fail "the postconf in PATH was not used"
fi

# ---- MAIL_CONFIG ---------------------------------------------------------------
e="$tmp/ed" && mkdir -p "$e"
printf 'myhostname = mx.example.com\nsmtpd_banner = $myhostname ESMTP $\n' >"$e/main.cf"
: >"$e/master.cf"
run MAIL_CONFIG="$e" PATH=$userpath -- --postfix-version 3.7.11
if [ $st = 1 ] && grep -q "^$e/main.cf:2:.*lone '\\$'.*\\[value-syntax\\]" "$tmp/out"; then
    ok "MAIL_CONFIG=DIR: DIR is linted, the stray \$ reported, exit 1"
else
    fail "MAIL_CONFIG=DIR not honoured (exit $st)"
fi
run MAIL_CONFIG="$e" -- -c "$d" --postfix-version 3.7.11
if ! grep -q "$e" "$tmp/out" "$tmp/err"; then
    ok "-c DIR wins over MAIL_CONFIG, as for postconf"
else
    fail "-c DIR did not win over MAIL_CONFIG"
fi
run MAIL_CONFIG= -- --postfix-version 3.7.11
if [ $st = 2 ] && grep -q 'MAIL_CONFIG is set but empty' "$tmp/err"; then
    ok "MAIL_CONFIG set but empty: exit 2, said so"
else
    fail "empty MAIL_CONFIG (exit $st)"
fi
run MAIL_CONFIG="$tmp/nonexistent" -- --postfix-version 3.7.11
if [ $st = 2 ] && grep -q "$tmp/nonexistent/main.cf: cannot open" "$tmp/err"; then
    ok "MAIL_CONFIG naming no directory: exit 2, the file named"
else
    fail "MAIL_CONFIG naming no directory (exit $st)"
fi

# ---- a postconf that dies ------------------------------------------------------
# With the real postconf: MAIL_CONFIG's stray '$' kills postconf -m;
# the lint goes on and shows the finding.
if [ -n "$pc" ]; then
    run MAIL_CONFIG="$e" PATH=$userpath --
    if [ $st = 1 ] && grep -q "lone '\\$'" "$tmp/out" \
        && ! grep -q 'cannot open' "$tmp/err"; then
        ok "real postconf, broken MAIL_CONFIG: the finding is shown, exit 1"
    else
        fail "real postconf, broken MAIL_CONFIG (exit $st)"
    fi
else
    echo "skip real postconf and a broken MAIL_CONFIG: postconf not installed"
fi
cat >"$tmp/fake/postconf" <<'EOF'
#!/bin/sh
echo 'postconf: warning: empty macro name: "a$"' >&2
echo 'postconf: fatal: dictionary mail_dict: macro processing error' >&2
exit 1
EOF
if [ -f /etc/postfix/main.cf ]; then
    run PATH="$tmp/fake:$userpath" --
    if [ $st != 2 ] \
        && grep -q 'warning: postconf -h config_directory failed (postconf: fatal: dictionary mail_dict: macro processing error); linting /etc/postfix' "$tmp/err" \
        && grep -q 'postconf -d mail_version failed: postconf: fatal' "$tmp/out"; then
        ok "postconf dies: stderr says what failed, /etc/postfix is linted"
    else
        fail "postconf dies: no clear message (exit $st)"
    fi
else
    echo "skip postconf dies: no /etc/postfix/main.cf to fall back to"
fi
printf '#!/bin/sh\necho "$*" >>"%s"\nexit 0\n' "$tmp/ran" >"$tmp/fake/postconf"
run PATH="$tmp/fake:$userpath" -- -c "$d"
if grep -q 'postconf printed no usable mail_version\|postconf -d mail_version failed' "$tmp/out"; then
    ok "postconf prints nothing: the version note says so"
else
    fail "postconf prints nothing: no note"
fi

cat >"$tmp/fake/postconf" <<'EOF'
#!/bin/sh
case "$*" in
*mail_version*) echo 3.13.0 ;;
*) exit 1 ;;
esac
EOF
run PATH="$tmp/fake:$userpath" -- -c "$d"
if grep -q 'info: Postfix 3.13.0 is newer than the newest version postlint knows' "$tmp/out"; then
    ok "postconf reports a newer Postfix than postlint knows: a note"
else
    fail "postconf reports a newer Postfix: no note"
fi
cat >"$tmp/fake/postconf" <<'EOF'
#!/bin/sh
case "$*" in
*-m*) echo 'postconf: fatal: open /etc/postfix/dynamicmaps.cf: Permission denied' >&2; exit 1 ;;
*mail_version*) echo 3.7.11 ;;
*-d*) printf 'mail_version = 3.7.11\nmyhostname = x\n' ;;
esac
EOF
printf 'virtual_alias_maps = lmdb:/etc/postfix/virtual\n' >>"$d/main.cf"
run PATH="$tmp/fake:$userpath" -- -c "$d" --no-files
if grep -q 'warning: postconf -m failed (postconf: fatal: open /etc/postfix/dynamicmaps.cf: Permission denied)' "$tmp/err"; then
    ok "postconf -m fails: a warning with postconf's message"
else
    fail "postconf -m fails: not said"
fi
printf 'smtp_tls_enable_rpk = yes\n' >"$d/main.cf"

# ---- --master FILE alone -------------------------------------------------------
m="$tmp/m" && mkdir -p "$m"
if command -v openssl >/dev/null 2>&1 \
    && openssl req -x509 -newkey rsa:2048 -nodes -keyout "$m/key.pem" \
        -out "$m/cert.pem" -days 30 -subj /CN=mx.example.com >/dev/null 2>&1; then
    printf 'compatibility_level = 3.6\nsmtpd_tls_cert_file = %s\nsmtpd_tls_key_file = %s\n' \
        "$m/cert.pem" "$m/key.pem" >"$m/main.cf"
    printf 'submission inet n - y - - smtpd\n  -o smtpd_tls_security_level=encrypt\n' >"$m/master.cf"
    run -- --no-exec --postfix-version 3.7.11 --master "$m/master.cf"
    if ! grep -q 'tls-no-certificate' "$tmp/out" \
        && grep -q "note: also reading $m/main.cf, the main.cf beside --master $m/master.cf" "$tmp/err"; then
        ok "--master FILE alone: the main.cf beside it is read, and said so"
    else
        fail "--master FILE alone: main.cf beside it not read (exit $st)"
    fi
    run -- -q --no-exec --postfix-version 3.7.11 --master "$m/master.cf"
    if ! grep -q 'note:' "$tmp/err"; then
        ok "-q: no notes on stderr"
    else
        fail "-q printed a note"
    fi
    mkdir -p "$tmp/m2" && cp "$m/master.cf" "$tmp/m2/"
    run -- --no-exec --postfix-version 3.7.11 --master "$tmp/m2/master.cf"
    if grep -q 'tls-no-certificate' "$tmp/out" \
        && grep -q "note: no main.cf beside --master $tmp/m2/master.cf" "$tmp/err"; then
        ok "--master FILE alone, no main.cf beside: defaults, and said so"
    else
        fail "--master FILE alone without main.cf (exit $st)"
    fi
else
    echo "skip --master alone: openssl cannot make a certificate"
fi

# ---- values postlint must not accept silently ----------------------------------
run -- --no-exec --postfix-version 3.7.11 -c ""
if [ $st = 2 ] && grep -q -- '-c needs a directory' "$tmp/err"; then
    ok '-c "": exit 2, said so'
else
    fail '-c "" accepted (exit '$st')'
fi
run -- --no-exec --postfix-version 3.7.11 --root "$tmp/nonexistent" -c "$d"
if [ $st = 2 ] && grep -q -- "--root $tmp/nonexistent: no such directory" "$tmp/err"; then
    ok "--root /nonexistent: exit 2, said so"
else
    fail "--root /nonexistent accepted (exit $st)"
fi
run -- --no-exec --postfix-version 3.7.11 --root "$d/main.cf" -c "$d"
if [ $st = 2 ] && grep -q -- "not a directory" "$tmp/err"; then
    ok "--root FILE: exit 2, not a directory"
else
    fail "--root FILE accepted (exit $st)"
fi
for v in 3.7.11.2 banana 3 3.7.11- 3.7.x; do
    run -- --no-exec --postfix-version "$v" -c "$d"
    if [ $st = 2 ] && grep -q "takes a version such as 3.7.11 (MAJOR.MINOR.PATCH" "$tmp/err"; then
        ok "--postfix-version $v: exit 2 with the expected form"
    else
        fail "--postfix-version $v (exit $st)"
    fi
done
run -- --no-exec --postfix-version 4.0.0 -c "$d"
if grep -q 'info: Postfix 4.0.0 is newer than the newest version postlint knows' "$tmp/out"; then
    ok "--postfix-version 4.0.0: a note that it is newer than postlint knows"
else
    fail "--postfix-version 4.0.0: no note"
fi
for v in 3.7.11-0+deb12u1 3.7.11-1 1:3.7.11-1; do
    run -- --no-exec --postfix-version "$v" -c "$d"
    if grep -q "info: --postfix-version $v is read as Postfix 3.7.11" "$tmp/out" \
        && grep -q 'ignored by Postfix 3.7.11 \[' "$tmp/out"; then
        ok "--postfix-version $v: read as 3.7.11, with a note"
    else
        fail "--postfix-version $v: not read as 3.7.11"
    fi
done

run -- --no-exec --postfix-version 3.7.11-1,4.0.0 -c "$d"
if grep -q 'read as Postfix 3.7.11.*\[only with Postfix 3.7.11\]' "$tmp/out" \
    && grep -q 'Postfix 4.0.0 is newer.*\[only with Postfix 4.0.0\]' "$tmp/out"; then
    ok "--postfix-version 3.7.11-1,4.0.0: both notes, each for its version"
else
    fail "--postfix-version 3.7.11-1,4.0.0: a note is lost"
fi

# ---- -v and -q ------------------------------------------------------------------
c="$tmp/clean" && mkdir -p "$c"
printf 'compatibility_level = 3.6\nmyhostname = mx.example.com\n' >"$c/main.cf"
: >"$c/master.cf"
run -- --no-exec --postfix-version 3.7.11 -c "$c"
if [ $st = 0 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ]; then
    ok "a clean run prints nothing"
else
    fail "a clean run printed something (exit $st)"
fi
run -- -v --no-exec --postfix-version 3.7.11 -c "$c"
if [ $st = 0 ] && [ ! -s "$tmp/out" ] \
    && grep -q "configuration directory: $c (from -c)" "$tmp/err" \
    && grep -q "main.cf: $c/main.cf" "$tmp/err" \
    && grep -q "master.cf: $c/master.cf" "$tmp/err" \
    && grep -q 'Postfix 3.7.11 (from --postfix-version)' "$tmp/err" \
    && grep -q 'OpenSSL .*(the one postlint is linked with' "$tmp/err" \
    && grep -q '[0-9][0-9]* rules run; 0 errors, 0 warnings, 0 info notes' "$tmp/err"; then
    ok "-v on a clean run: directory, files, versions and their origin, rules, on stderr"
else
    fail "-v does not say what was checked"
fi
run -- -v --no-exec --postfix-version 3.7.11 --openssl-version 1.0.2 -c "$c"
if grep -q 'OpenSSL 1.0.2 (from --openssl-version' "$tmp/err"; then
    ok "-v names where the OpenSSL version came from"
else
    fail "-v: OpenSSL origin missing"
fi
w="$tmp/warn" && mkdir -p "$w"
printf 'compatibility_level = 3.6\nmyhostname = a\nmyhostname = b\nsmtpd_banner = $\n' >"$w/main.cf"
: >"$w/master.cf"
"$bin" --no-exec --postfix-version 3.7.11 -c "$w" >"$tmp/all" 2>/dev/null
run -- -q --no-exec --postfix-version 3.7.11 -c "$w"
if [ $st = 1 ] && grep -q 'warning:' "$tmp/all" && ! grep -q 'warning:\|info:' "$tmp/out" \
    && grep -q 'error:' "$tmp/out" && [ ! -s "$tmp/err" ]; then
    ok "-q: only the errors are printed"
else
    fail "-q printed more than errors (exit $st)"
fi
run -- -v -q -c "$w"
if [ $st = 2 ] && grep -q 'choose one' "$tmp/err"; then
    ok "-v with -q: usage error"
else
    fail "-v with -q accepted (exit $st)"
fi
