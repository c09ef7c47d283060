#!/bin/bash
# hook.sh - the pre-reload hooks in contrib/ gate the reload.
#
# - contrib/postfix-reload-safe runs `postfix reload` (a stub here) only
#   when postlint passes: a configuration with an error blocks the reload
#   (exit 1), one postlint cannot read blocks it too (exit 2), a clean one
#   (or one with warnings only) is reloaded.
# - The systemd drop-ins are valid for systemd-analyze verify and put
#   postlint before the reload; their ExecReload= lines, run in order as
#   systemd runs them (stop at the first failure), reload only a clean
#   configuration.
#
# Usage: tests/hook.sh POSTLINT_BINARY   (prints "ok ..." / "FAIL ...")
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-hook.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# Configurations: one with an error, one clean, one with warnings only.
mkdir -p "$tmp/error" "$tmp/clean" "$tmp/warn"
printf 'smtp      inet  n       -       y       -       -       smtpd\n' >"$tmp/clean/master.cf"
cp "$tmp/clean/master.cf" "$tmp/error/master.cf"; cp "$tmp/clean/master.cf" "$tmp/warn/master.cf"
printf 'compatibility_level = 3.6\nmyhostname = mx.example.net\n' >"$tmp/clean/main.cf"
printf 'compatibility_level = 3.6\nmyhostname = mx.example.net\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = /nonexistent.pem\n' >"$tmp/error/main.cf"
printf 'compatibility_level = 3.6\nmyhostname = mx.example.net\nmydestination = $myhostname, $nowhere\n' >"$tmp/warn/main.cf"

# A stub postfix that records the reload instead of doing it.
cat >"$tmp/postfix" <<STUB
#!/bin/sh
echo "\$*" >>"$tmp/reloads"
STUB
chmod +x "$tmp/postfix"
export POSTLINT="$bin" POSTFIX="$tmp/postfix"

try_wrapper() { # NAME DIR WANT_STATUS WANT_RELOAD(yes/no)
    rm -f "$tmp/reloads"
    "$top/contrib/postfix-reload-safe" --no-exec --postfix-version 3.7.11 -c "$2" \
        >"$tmp/out" 2>&1
    status=$?
    reloaded=no; [ -f "$tmp/reloads" ] && reloaded=yes
    if [ $status = "$3" ] && [ $reloaded = "$4" ]; then
        echo "ok   postfix-reload-safe, $1: exit $status, reload $reloaded"
    else
        echo "FAIL postfix-reload-safe, $1: exit $status (want $3), reload $reloaded (want $4)"
        sed 's/^/     /' "$tmp/out" | head
    fi
}
try_wrapper "config with an error" "$tmp/error" 1 no
try_wrapper "config postlint cannot read" "$tmp/missing" 2 no
try_wrapper "clean config" "$tmp/clean" 0 yes
try_wrapper "warnings only" "$tmp/warn" 0 yes
if [ -f "$tmp/reloads" ] && grep -qx -- "-c $tmp/warn reload" "$tmp/reloads"; then
    echo "ok   postfix-reload-safe passes -c DIR on to postfix reload"
else
    echo "FAIL postfix-reload-safe did not run 'postfix -c DIR reload'"
fi

# ---- systemd drop-ins ------------------------------------------------------
# A stub postmulti: -x runs the command for the instance (config_directory
# is the test's), -p reload records the reload.
cat >"$tmp/postmulti" <<STUB
#!/bin/sh
case "\$*" in
*" -x "*) echo "\$CFG" ;;
*"-p reload"*) echo reload >>"$tmp/reloads" ;;
esac
STUB
chmod +x "$tmp/postmulti"

# run_exec_reload DROPIN CFG: the ExecReload= lines after the reset, in
# order, stopping at the first failure, as systemd does.
run_exec_reload() {
    rm -f "$tmp/reloads"
    sed -n '/^ExecReload=$/,$ s/^ExecReload=\(..*\)$/\1/p' "$1" |
        sed -e "s|/usr/local/bin/postlint|$bin --no-exec --postfix-version 3.7.11|" \
            -e "s|/usr/sbin/postmulti|$tmp/postmulti|g" -e "s|/usr/sbin/postfix |$tmp/postfix |" \
            -e "s|-c /etc/postfix|-c $2|" -e 's|%i|-|g' >"$tmp/cmds"
    while IFS= read -r cmd; do
        CFG=$2 eval "$cmd" >/dev/null 2>&1 </dev/null || return 1
    done <"$tmp/cmds"
}
for unit in postfix@.service postfix.service; do
    dropin="$top/contrib/systemd/$unit.d/postlint.conf"
    run_exec_reload "$dropin" "$tmp/error"; r1=$?; [ -f "$tmp/reloads" ] && e=yes || e=no
    run_exec_reload "$dropin" "$tmp/clean"; r2=$?; [ -f "$tmp/reloads" ] && c=yes || c=no
    if [ $r1 != 0 ] && [ $e = no ] && [ $r2 = 0 ] && [ $c = yes ]; then
        echo "ok   $unit drop-in: ExecReload stops at postlint for an error, reloads a clean config"
    else
        echo "FAIL $unit drop-in: error config exit $r1 reload $e; clean exit $r2 reload $c"
        sed 's/^/     /' "$tmp/cmds"
    fi
    if command -v systemd-analyze >/dev/null 2>&1; then
        u="$tmp/units" && rm -rf "$u" && mkdir -p "$u/$unit.d"
        if [ -f "/lib/systemd/system/$unit" ]; then
            cp "/lib/systemd/system/$unit" "$u/$unit"
        else
            printf '[Service]\nType=forking\nExecStart=/usr/sbin/postfix start\nExecReload=/usr/sbin/postfix reload\n' >"$u/$unit"
        fi
        sed "s|/usr/local/bin/postlint|$bin|g" "$dropin" >"$u/$unit.d/postlint.conf"
        name=$unit; [ "$unit" = postfix@.service ] && name=postfix@-.service
        SYSTEMD_LOG_LEVEL=debug timeout 20 systemd-analyze verify "$u/$name" >"$tmp/verify" 2>&1
        vstatus=$?
        order=$(grep -A1 -- '-> ExecReload:' "$tmp/verify" | grep 'Command Line' | head -1)
        if [ $vstatus = 0 ] && grep -q "DropIn Path: $u/$unit.d/postlint.conf" "$tmp/verify" \
            && ! grep -q 'not executable.*postlint\|Unknown key\|Invalid' "$tmp/verify" \
            && echo "$order" | grep -q postlint; then
            echo "ok   $unit drop-in: systemd-analyze verify accepts it; postlint is the first ExecReload"
        else
            echo "FAIL $unit drop-in: systemd-analyze verify (exit $vstatus)"
            grep -iE 'drop|ExecReload|Command Line|error|invalid|unknown' "$tmp/verify" | head | sed 's/^/     /'
        fi
    fi
done
