#!/bin/bash
# package.sh - postlint installed like a package, used as a user would use
# it (the installed files, a user's PATH, no path of the build tree):
#
# 1. make install PREFIX=P: binary, man page, rule pages, bash completion,
#    the reload wrapper and the systemd drop-ins naming P/bin/postlint;
#    the wrapper (from PATH) and the drop-ins' ExecReload= lines gate a
#    reload; SARIF help links point at P's rule pages; the completion
#    completes options and rule ids; make uninstall leaves no file.
#    make install DESTDIR=D PREFIX=/usr: everything under D, nothing in
#    the files names D; make uninstall DESTDIR=D removes it all.
# 2. make dist: postlint-VERSION.tar.gz holds every tracked file under
#    postlint-VERSION/; unpacked elsewhere it builds with a plain make and
#    lints testdata/demo as the tree's binary does.
# 3. The .deb: built with dpkg-buildpackage -us -uc -b from an unpacked
#    tarball (out of the source tree), installed with dpkg -i, used
#    (/usr/bin/postlint, postfix-reload-safe, bash-completion's loader,
#    help links), removed with dpkg -r: every file it installed is gone.
#    Skipped when dpkg-buildpackage or debhelper is missing, when not
#    root, or when a postlint is already installed in /usr.
# 4. docs/packaging.md: every command on the page, extracted from it and
#    run as written against Debian's postfix package (skipped without it).
#
# Usage: tests/package.sh POSTLINT_BINARY   (prints "ok ..." / "FAIL ..." /
# "skip ...")
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$1
case "$bin" in /*) ;; *) bin="$(pwd)/$bin" ;; esac
builddir=$(dirname "$bin")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/postlint-package.XXXXXX")
deb_installed=no
cleanup() {
    if [ $deb_installed = yes ]; then dpkg -P postlint >/dev/null 2>&1; fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
# Inner makes are ours, not part of a make check's job server, and build
# as a user would: not with make asan's BUILD, CC, CFLAGS or LDFLAGS.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES BUILD CC CFLAGS CPPFLAGS LDFLAGS
sys_path=/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin

ok() { echo "ok   $1"; }
fail() { echo "FAIL $1"; [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/     /' "$2" | head -20; }
skip() { echo "skip $1"; }
version=$("$bin" --version | awk '{ print $2 }')

# Configurations: one with an error, one clean.
mkdir -p "$tmp/error" "$tmp/clean"
printf 'smtp      inet  n       -       y       -       -       smtpd\n' >"$tmp/clean/master.cf"
cp "$tmp/clean/master.cf" "$tmp/error/master.cf"
printf 'compatibility_level = 3.6\nmyhostname = mx.example.net\n' >"$tmp/clean/main.cf"
printf 'compatibility_level = 3.6\nmyhostname = mx.example.net\nsmtpd_tls_security_level = may\nsmtpd_tls_cert_file = /nonexistent.pem\n' >"$tmp/error/main.cf"
# A stub postfix (and postmulti) that record the reload instead of doing it.
mkdir -p "$tmp/stub"
cat >"$tmp/stub/postfix" <<STUB
#!/bin/sh
echo "\$*" >>"$tmp/reloads"
STUB
cat >"$tmp/stub/postmulti" <<STUB
#!/bin/sh
case "\$*" in
*" -x "*) echo "\$CFG" ;;
*"-p reload"*) echo reload >>"$tmp/reloads" ;;
esac
STUB
chmod +x "$tmp/stub/postfix" "$tmp/stub/postmulti"

# wrapper_gates NAME PATH: postfix-reload-safe found in PATH (with the
# postlint it defaults to) refuses to reload the error config, reloads the
# clean one.
wrapper_gates() {
    rm -f "$tmp/reloads"
    env PATH="$2" POSTFIX="$tmp/stub/postfix" postfix-reload-safe --no-exec \
        --postfix-version 3.7.11 -c "$tmp/error" >"$tmp/w.out" 2>&1
    s1=$?; [ -f "$tmp/reloads" ] && r1=yes || r1=no
    rm -f "$tmp/reloads"
    env PATH="$2" POSTFIX="$tmp/stub/postfix" postfix-reload-safe --no-exec \
        --postfix-version 3.7.11 -c "$tmp/clean" >>"$tmp/w.out" 2>&1
    s2=$?; [ -f "$tmp/reloads" ] && r2=yes || r2=no
    if [ $s1 = 1 ] && [ $r1 = no ] && [ $s2 = 0 ] && [ $r2 = yes ] \
        && grep -q 'tls-certificate' "$tmp/w.out"; then
        ok "$1: postfix-reload-safe from PATH refuses an error (exit 1), reloads a clean config"
    else
        fail "$1: postfix-reload-safe: error config exit $s1 reload $r1, clean exit $s2 reload $r2" "$tmp/w.out"
    fi
}

# dropins_gate NAME DIR: the installed drop-ins' ExecReload= lines, run in
# order as systemd runs them (stop at the first failure), with only
# postfix and postmulti stubbed: postlint is the one the file names.
dropins_gate() {
    local unit cmd r1 r2 e c bad=""
    for unit in postfix@.service postfix.service; do
        for cfg in error clean; do
            rm -f "$tmp/reloads"
            sed -n '/^ExecReload=$/,$ s/^ExecReload=\(..*\)$/\1/p' "$2/$unit.d/postlint.conf" |
                sed -e "s|/usr/sbin/postmulti|$tmp/stub/postmulti|g" \
                    -e "s|/usr/sbin/postfix |$tmp/stub/postfix |" \
                    -e "s|-c /etc/postfix|-c $tmp/$cfg|" -e 's|%i|-|g' >"$tmp/cmds"
            r=0
            while IFS= read -r cmd; do
                PATH=$sys_path CFG=$tmp/$cfg eval "$cmd" >/dev/null 2>&1 </dev/null || { r=1; break; }
            done <"$tmp/cmds"
            [ -f "$tmp/reloads" ] && rl=yes || rl=no
            case $cfg:$r:$rl in
            error:1:no|clean:0:yes) ;;
            *) bad="$bad $unit/$cfg(exit $r, reload $rl)" ;;
            esac
        done
    done
    if [ -z "$bad" ]; then
        ok "$1: the installed systemd drop-ins stop a reload at postlint for an error, reload a clean config"
    else
        fail "$1: drop-ins:$bad" "$tmp/cmds"
    fi
}

# help_links NAME POSTLINT DOCDIR: SARIF helpUri are file://DOCDIR/RULE.md
# and each of those files exists.
help_links() {
    "$2" --no-exec --postfix-version 3.7.11 -c "$tmp/clean" --format sarif \
        2>/dev/null | grep -o '"helpUri":"[^"]*"' | sed 's/"helpUri":"\(.*\)"/\1/' >"$tmp/uris"
    n=$(wc -l <"$tmp/uris")
    bad=$(grep -v "^file://$3/[a-z0-9-]*\.md\$" "$tmp/uris" | head -3)
    missing=$(sed 's|^file://||' "$tmp/uris" | while read -r f; do [ -f "$f" ] || echo "$f"; done | head -3)
    if [ "$n" -gt 0 ] && [ -z "$bad" ] && [ -z "$missing" ]; then
        ok "$1: SARIF helpUri of all $n rules is file://$3/RULE.md, and the page is there"
    else
        fail "$1: SARIF helpUri ($n): not under $3: ${bad:-none}; missing: ${missing:-none}"
    fi
}

# completion NAME BASH_SETUP PATH: the completion, loaded by BASH_SETUP in
# a bash whose PATH is PATH, completes options, values and rule ids.
completion() {
    "$bin" --list-rules | awk '{ print $1 }' | sort >"$tmp/rules"
    "$bin" --help | grep -o -- '--[a-z][a-z-]*' | sort -u >"$tmp/opts"
    mkdir -p "$tmp/cdirs/confdir"
    PATH=$3 HOME=$tmp bash --norc --noprofile -c '
        '"$2"'
        complete -p postlint || exit 3
        comp() {
            COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
            COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
            local spec; spec=$(complete -p postlint)
            fn=${spec#*-F }; fn=${fn%% *}
            "$fn" postlint "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "; echo
        }
        echo "fo: $(comp postlint --fo)"
        echo "format: $(comp postlint --format "")"
        echo "explain: $(comp postlint --explain tls-protocol-l)"
        echo "failon: $(comp postlint --fail-on w)"
        echo "color: $(comp postlint --color=al)"
        # As readline splits "--color=al" (at COMP_WORDBREAKS"s "=").
        echo "color split: $(comp postlint --color = al)"
        echo "color eq: $(comp postlint --color =)"
        echo "log: $(comp postlint l)"
        echo "logformat: $(comp postlint log --format "")"
        echo "dir: $(comp postlint -c '"$tmp"'/cdirs/co)"
        comp postlint --explain "" | tr " " "\n" | sed "/^$/d" >'"$tmp"'/c.rules
        comp postlint -- | tr " " "\n" | sed "/^$/d" >'"$tmp"'/c.opts
    ' >"$tmp/comp" 2>&1
    cs=$?
    {
        cat <<EOF
complete -F _postlint postlint
fo: --format 
format: checkstyle gcc github json sarif 
explain: tls-protocol-list 
failon: warning 
color: --color=always 
color split: always 
color eq: always auto never 
log: log 
logformat: json text 
dir: $tmp/cdirs/confdir 
EOF
    } >"$tmp/comp.want"
    if [ $cs = 0 ] && diff -u "$tmp/comp.want" "$tmp/comp" >"$tmp/comp.diff" \
        && cmp -s "$tmp/rules" "$tmp/c.rules" && cmp -s "$tmp/opts" "$tmp/c.opts"; then
        ok "$1: bash completion: options (all $(wc -l <"$tmp/opts") of --help), values, directories, all $(wc -l <"$tmp/rules") rule ids after --explain"
    else
        { cat "$tmp/comp.diff" 2>/dev/null || cat "$tmp/comp"
          diff "$tmp/rules" "$tmp/c.rules" | head -5; diff "$tmp/opts" "$tmp/c.opts" | head -5; } >"$tmp/why"
        fail "$1: bash completion (bash exit $cs)" "$tmp/why"
    fi
}

# ---- 1. make install / make uninstall -----------------------------------
pfx=$tmp/prefix
if make -s -C "$top" install PREFIX="$pfx" BUILD="$builddir" >"$tmp/install" 2>&1; then
    missing=""
    for f in bin/postlint sbin/postfix-reload-safe share/man/man1/postlint.1 \
        share/doc/postlint/README.md share/doc/postlint/rules/tls-protocol-list.md \
        share/bash-completion/completions/postlint \
        share/postlint/systemd/postfix@.service.d/postlint.conf \
        share/postlint/systemd/postfix.service.d/postlint.conf; do
        [ -f "$pfx/$f" ] || missing="$missing $f"
    done
    [ -x "$pfx/sbin/postfix-reload-safe" ] || missing="$missing (wrapper not executable)"
    if [ -z "$missing" ]; then
        ok "make install PREFIX=P: binary, wrapper, man page, rule pages, completion, drop-ins"
    else
        fail "make install PREFIX=P lacks:$missing"
    fi
    n=$(grep -c "$pfx/bin/postlint" "$pfx"/share/postlint/systemd/*/postlint.conf | awk -F: '{ s += $2 } END { print s }')
    if ! grep -h '^Exec\|^postlint=' "$pfx"/share/postlint/systemd/*/postlint.conf \
            "$pfx/sbin/postfix-reload-safe" | grep -q /usr/local && [ "$n" = 4 ] \
        && grep -qx "postlint=\${POSTLINT:-$pfx/bin/postlint}" "$pfx/sbin/postfix-reload-safe"; then
        ok "make install PREFIX=P: drop-ins and wrapper name P/bin/postlint, never /usr/local"
    else
        fail "make install PREFIX=P: installed contrib files do not name $pfx/bin/postlint"
    fi
    # A user's PATH: the installed sbin, the system, nothing of the tree.
    wrapper_gates "make install" "$pfx/sbin:$sys_path"
    dropins_gate "make install" "$pfx/share/postlint/systemd"
    help_links "make install" "$pfx/bin/postlint" "$pfx/share/doc/postlint/rules"
    if MANPATH="$pfx/share/man" man -w postlint 2>/dev/null | grep -qx "$pfx/share/man/man1/postlint.1"; then
        ok "make install: man finds postlint(1) in P/share/man"
    else
        fail "make install: man -w postlint with MANPATH=P/share/man"
    fi
    completion "make install" ". '$pfx/share/bash-completion/completions/postlint'" "$pfx/bin:$sys_path"
else
    fail "make install PREFIX=P" "$tmp/install"
fi
# Not installed, the binary links the compile-time pages.
"$bin" --no-exec --postfix-version 3.7.11 -c "$tmp/clean" --format sarif 2>/dev/null |
    grep -o '"helpUri":"[^"]*"' | head -1 >"$tmp/uri"
if grep -q '"helpUri":"file:///usr/local/share/doc/postlint/rules/access-table-action.md"' "$tmp/uri"; then
    ok "not installed: SARIF helpUri is the compile-time default (/usr/local/share/doc/postlint/rules)"
else
    fail "not installed: helpUri $(cat "$tmp/uri")"
fi
make -s -C "$top" uninstall PREFIX="$pfx" BUILD="$builddir" >"$tmp/uninstall" 2>&1
left=$(find "$pfx" ! -type d 2>/dev/null | head -5)
if [ -z "$left" ] && [ ! -e "$pfx/share/doc/postlint" ] && [ ! -e "$pfx/share/postlint" ]; then
    ok "make uninstall PREFIX=P removes every file and postlint's own directories"
else
    fail "make uninstall PREFIX=P leaves: $left" "$tmp/uninstall"
fi

root=$tmp/destdir
if make -s -C "$top" install DESTDIR="$root" PREFIX=/usr BUILD="$builddir" >"$tmp/install" 2>&1 \
    && [ -x "$root/usr/bin/postlint" ] && [ -x "$root/usr/sbin/postfix-reload-safe" ] \
    && [ -f "$root/usr/share/bash-completion/completions/postlint" ] \
    && ! grep -rqF "$root" "$root/usr/share/postlint" "$root/usr/sbin" \
    && grep -q '^ExecReload=/usr/bin/postlint ' "$root/usr/share/postlint/systemd/postfix.service.d/postlint.conf" \
    && grep -qx 'postlint=${POSTLINT:-/usr/bin/postlint}' "$root/usr/sbin/postfix-reload-safe"; then
    ok "make install DESTDIR=D PREFIX=/usr: files under D/usr, naming /usr/bin/postlint, never D"
else
    fail "make install DESTDIR=D PREFIX=/usr" "$tmp/install"
fi
make -s -C "$top" uninstall DESTDIR="$root" PREFIX=/usr BUILD="$builddir" >"$tmp/uninstall" 2>&1
left=$(find "$root" ! -type d 2>/dev/null | head -5)
if [ -z "$left" ]; then
    ok "make uninstall DESTDIR=D PREFIX=/usr removes every file"
else
    fail "make uninstall DESTDIR=D leaves: $left" "$tmp/uninstall"
fi

# ---- 2. make dist --------------------------------------------------------
tarball=$tmp/dist/postlint-$version.tar.gz
if make -s -C "$top" dist DIST_DIR="$tmp/dist" >"$tmp/dist.out" 2>&1 && [ -f "$tarball" ]; then
    tar tzf "$tarball" >"$tmp/dist.list"
    outside=$(grep -v "^postlint-$version/" "$tmp/dist.list" | head -3)
    junk=$(grep -E "^postlint-$version/(build/|\.git/)" "$tmp/dist.list" | head -3)
    if [ -d "$top/.git" ] || git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
        (cd "$top" && git ls-files) | while IFS= read -r f; do
            [ -e "$top/$f" ] && echo "postlint-$version/$f"; done | sort >"$tmp/want.list"
        sort "$tmp/dist.list" | diff - "$tmp/want.list" >"$tmp/list.diff" || junk="$junk (differs from git ls-files)"
    fi
    if [ -z "$outside" ] && [ -z "$junk" ]; then
        ok "make dist: postlint-$version.tar.gz, $(wc -l <"$tmp/dist.list") files, every tracked file under postlint-$version/"
    else
        fail "make dist: outside the prefix: ${outside:-none}; wrong: ${junk:-none}" "$tmp/list.diff"
    fi
    mkdir -p "$tmp/unpack"
    start=$(date +%s)
    if (cd "$tmp/unpack" && tar xzf "$tarball" && cd "postlint-$version" \
            && make -s -j2) >"$tmp/distbuild" 2>&1; then
        d=$tmp/unpack/postlint-$version
        (cd "$d/testdata/demo" && ../../build/postlint $(cat args)) >"$tmp/demo.got" 2>&1
        gs=$?
        (cd "$top/testdata/demo" && "$bin" $(cat args)) >"$tmp/demo.want" 2>&1
        if [ $gs = "$(cat "$top/testdata/demo/status")" ] && cmp -s "$tmp/demo.got" "$tmp/demo.want" \
            && cmp -s "$tmp/demo.got" "$top/testdata/demo/expected"; then
            ok "make dist: the tarball unpacked elsewhere builds with make ($(( $(date +%s) - start )) s) and lints testdata/demo as expected"
        else
            diff "$tmp/demo.want" "$tmp/demo.got" >"$tmp/why"
            fail "make dist: the tarball's binary on testdata/demo: exit $gs" "$tmp/why"
        fi
    else
        fail "make dist: the unpacked tarball does not build" "$tmp/distbuild"
    fi
else
    fail "make dist" "$tmp/dist.out"
fi

# ---- 3. the Debian package ---------------------------------------------
deb_skip=""
if ! command -v dpkg-buildpackage >/dev/null 2>&1; then
    deb_skip="dpkg-buildpackage is not installed (apt-get install dpkg-dev debhelper)"
elif ! command -v dh >/dev/null 2>&1; then
    deb_skip="debhelper is not installed (apt-get install debhelper)"
elif [ "$(id -u)" != 0 ]; then
    deb_skip="dpkg -i needs root"
elif dpkg -s postlint >/dev/null 2>&1 || [ -e /usr/bin/postlint ]; then
    deb_skip="a postlint is already installed in /usr (dpkg -r postlint first)"
elif [ ! -f "$tarball" ]; then
    deb_skip="no tarball from make dist"
fi
# dpkg_retry ARGS: dpkg, waiting for a lock another apt or dpkg holds.
dpkg_retry() {
    local i
    for i in $(seq 1 60); do
        dpkg "$@" >"$tmp/dpkg.out" 2>&1 && return 0
        grep -qi 'lock' "$tmp/dpkg.out" || return 1
        sleep 2
    done
    return 1
}
if [ -n "$deb_skip" ]; then
    skip "debian package: $deb_skip"
else
    mkdir -p "$tmp/deb"
    start=$(date +%s)
    (cd "$tmp/deb" && tar xzf "$tarball" && cd "postlint-$version" \
        && dpkg-buildpackage -us -uc -b) >"$tmp/debbuild" 2>&1
    bs=$?
    debfile=$(ls "$tmp"/deb/postlint_*_*.deb 2>/dev/null | head -1)
    if [ $bs = 0 ] && [ -n "$debfile" ] && ! grep -q 'tests/run.sh\|passed, .* failed' "$tmp/debbuild"; then
        ok "debian package: dpkg-buildpackage -us -uc -b builds $(basename "$debfile") ($(( $(date +%s) - start )) s, smoke test only)"
    else
        fail "debian package: dpkg-buildpackage (exit $bs)" "$tmp/debbuild"
        debfile=""
    fi
    if [ -n "$debfile" ] && dpkg_retry -i "$debfile"; then
        deb_installed=yes
        ok "debian package: dpkg -i installs it"
        dpkg -L postlint >"$tmp/deb.files"
        # The installed package, from a user's PATH.
        env PATH=$sys_path postlint --version >"$tmp/v" 2>&1
        env PATH=$sys_path postlint -c "$tmp/error" >"$tmp/e.out" 2>&1; es=$?
        env PATH=$sys_path postlint -c "$tmp/clean" >"$tmp/c.out" 2>&1; cs=$?
        if [ "$(env PATH=$sys_path sh -c 'command -v postlint')" = /usr/bin/postlint ] \
            && grep -qx "postlint $version" "$tmp/v" && [ $es = 1 ] && [ $cs = 0 ] \
            && grep -q "error: .*\[tls-certificate\]" "$tmp/e.out"; then
            ok "debian package: /usr/bin/postlint from PATH lints a config (error: exit 1, clean: exit 0)"
        else
            cat "$tmp/v" "$tmp/e.out" "$tmp/c.out" >"$tmp/why"
            fail "debian package: /usr/bin/postlint: error config exit $es, clean exit $cs" "$tmp/why"
        fi
        wrapper_gates "debian package" "$sys_path"
        dropins_gate "debian package" /usr/share/postlint/systemd
        # Minimal images tell dpkg not to install documentation.
        excluded=$(cat /etc/dpkg/dpkg.cfg /etc/dpkg/dpkg.cfg.d/* 2>/dev/null |
            sed -n 's|^path-exclude[= ]*\(/usr/share/\(doc\|man\)\)/.*|\1|p' | sort -u | tr '\n' ' ')
        case $excluded in
        */usr/share/doc*) skip "debian package: help links: dpkg excludes /usr/share/doc here ($excluded)" ;;
        *) help_links "debian package" /usr/bin/postlint /usr/share/doc/postlint/rules ;;
        esac
        case $excluded in
        */usr/share/man*) skip "debian package: man page: dpkg excludes /usr/share/man here" ;;
        *)
            if env PATH=$sys_path man -w postlint 2>/dev/null | grep -qx /usr/share/man/man1/postlint.1.gz; then
                ok "debian package: man -w postlint finds /usr/share/man/man1/postlint.1.gz"
            else
                fail "debian package: man -w postlint"
            fi ;;
        esac
        if [ -f /usr/share/bash-completion/bash_completion ]; then
            completion "debian package (bash-completion loads it on demand)" \
                ". /usr/share/bash-completion/bash_completion; __load_completion postlint" "$sys_path"
        else
            completion "debian package" ". /usr/share/bash-completion/completions/postlint" "$sys_path"
        fi
        if dpkg_retry -r postlint; then
            left=$(while IFS= read -r f; do [ -e "$f" ] && [ ! -d "$f" ] && echo "$f"; done <"$tmp/deb.files" | head -5)
            if [ -z "$left" ] && ! dpkg -s postlint 2>/dev/null | grep -q '^Status: install'; then
                ok "debian package: dpkg -r removes every file of the $(grep -c . "$tmp/deb.files") paths dpkg -L listed"
            else
                fail "debian package: dpkg -r leaves: $left"
            fi
            dpkg_retry -P postlint || true
            deb_installed=no
        else
            fail "debian package: dpkg -r postlint" "$tmp/dpkg.out"
        fi
    elif [ -n "$debfile" ]; then
        fail "debian package: dpkg -i" "$tmp/dpkg.out"
    fi
fi

# ---- 4. docs/packaging.md, every command as written ---------------------
# block LANG N: the Nth fenced block opened with ```LANG.
block() {
    awk -v lang="$1" -v want="$2" '
        /^```/ { if (open) { open = 0; inb = 0; next }
                 open = 1; if ($0 == "```" lang && ++n == want) inb = 1; next }
        inb { print }' "$top/docs/packaging.md"
}
page=docs/packaging.md
if ! command -v postconf >/dev/null 2>&1 || [ ! -f /usr/share/postfix/master.cf.dist ]; then
    skip "$page: Debian's postfix package is not installed"
else
    pfx=$tmp/prefix2
    make -s -C "$top" install PREFIX="$pfx" BUILD="$builddir" >"$tmp/install" 2>&1 \
        || fail "$page: make install" "$tmp/install"
    upath=$pfx/bin:$sys_path
    # The autopkgtest script.
    block sh 1 >"$tmp/autopkgtest"
    if grep -q 'postconf -d -h mail_version' "$tmp/autopkgtest" \
        && PATH=$upath sh "$tmp/autopkgtest" >"$tmp/apt.out" 2>&1; then
        ok "$page: the debian/tests/postlint script passes on this system's postfix ($(postconf -d -h mail_version))"
    else
        fail "$page: the debian/tests/postlint script" "$tmp/apt.out"
    fi
    grep -q '/usr/share/postfix/examples' "$top/$page" \
        && fail "$page: still names /usr/share/postfix/examples, which Debian does not ship"
    # A build tree: debian/tmp holding the templates the postfix package
    # installs (the very files of the installed package).
    src=$tmp/postfix-src
    mkdir -p "$src/debian/tmp/usr/share/postfix" "$tmp/stubbin"
    cp /usr/share/postfix/main.cf.debian /usr/share/postfix/main.cf.dist \
        /usr/share/postfix/master.cf.dist "$src/debian/tmp/usr/share/postfix/"
    printf '#!/bin/sh\nexit 0\n' >"$tmp/stubbin/dh_auto_test"; chmod +x "$tmp/stubbin/dh_auto_test"
    block make 1 >"$src/rules.mk"
    if [ -s "$src/rules.mk" ] && (cd "$src" && PATH=$tmp/stubbin:$upath \
            make -f rules.mk override_dh_auto_test DEB_VERSION_UPSTREAM=3.7.11) >"$tmp/rules.out" 2>&1; then
        ok "$page: the debian/rules override_dh_auto_test runs (make) and passes on Debian's templates"
    else
        fail "$page: the debian/rules snippet" "$tmp/rules.out"
    fi
    # ... and fails when a template has an error.
    cp -r "$src" "$tmp/postfix-bad"
    echo 'smtpd_banner = $myhostname $' >>"$tmp/postfix-bad/debian/tmp/usr/share/postfix/main.cf.debian"
    if ! (cd "$tmp/postfix-bad" && PATH=$tmp/stubbin:$upath \
            make -f rules.mk override_dh_auto_test DEB_VERSION_UPSTREAM=3.7.11) >"$tmp/rules.out" 2>&1 \
        && grep -q 'value-syntax' "$tmp/rules.out"; then
        ok "$page: the debian/rules snippet fails the build on a template with an error"
    else
        fail "$page: the debian/rules snippet does not fail on an error" "$tmp/rules.out"
    fi
    # %check, with the macros rpm would expand.
    block spec 1 | sed -n '/^%check$/,$p' | sed 1d |
        sed -e 's|%{version}|3.7.11|g' -e "s|%{buildroot}|$tmp/buildroot|g" \
            -e 's|%{_sysconfdir}|/etc|g' >"$tmp/check.sh"
    mkdir -p "$tmp/buildroot/etc/postfix"
    cp /usr/share/postfix/main.cf.debian "$tmp/buildroot/etc/postfix/main.cf"
    cp /usr/share/postfix/master.cf.dist "$tmp/buildroot/etc/postfix/master.cf"
    if grep -q postlint "$tmp/check.sh" && ! grep -q '%{' "$tmp/check.sh" \
        && PATH=$upath sh -e "$tmp/check.sh" >"$tmp/check.out" 2>&1; then
        ok "$page: the RPM %check commands pass on a build root"
    else
        fail "$page: the RPM %check commands" "$tmp/check.out"
    fi
    # The upgrade check, and the output the page shows.
    block sh 2 >"$tmp/upgrade.sh"
    block "" 2 >"$tmp/upgrade.want"
    (cd "$src" && PATH=$upath sh "$tmp/upgrade.sh") >"$tmp/upgrade.out" 2>"$tmp/upgrade.err"
    us=$?
    if [ $us = 0 ] && [ -s "$tmp/upgrade.want" ] && cmp -s "$tmp/upgrade.want" "$tmp/upgrade.err"; then
        ok "$page: the upgrade check prints what the page shows: $(cat "$tmp/upgrade.err")"
    else
        { echo "want:"; cat "$tmp/upgrade.want"; echo "got (exit $us):"; cat "$tmp/upgrade.err" "$tmp/upgrade.out"; } >"$tmp/why"
        fail "$page: the upgrade check" "$tmp/why"
    fi
    # The autopkgtest control file names the script and needs both packages.
    block "" 1 >"$tmp/control"
    if grep -qx 'Tests: postlint' "$tmp/control" && grep -qx 'Depends: postfix, postlint' "$tmp/control" \
        && grep -q '^`debian/tests/postlint`' "$top/$page"; then
        ok "$page: the autopkgtest control names the debian/tests/postlint script, depends on postfix and postlint"
    else
        fail "$page: the autopkgtest control block" "$tmp/control"
    fi
    n=$(( $(grep -c '^```' "$top/$page") / 2 ))
    if [ "$n" = 6 ]; then
        ok "$page: all 6 code blocks are checked (control, script, rules, spec, upgrade and its output)"
    else
        fail "$page: $n code blocks; this test knows 6: check the new ones"
    fi
fi
exit 0
