#!/bin/sh
# deps.sh - make sure the build dependencies are installed.
#
# Usage: tools/deps.sh [--install] [--check-only] [--fuzz] [EXTRA_PACKAGE...]
# Checks for a C compiler, make, flex, bison, pkg-config, OpenSSL 3's and
# zlib's development files; with --fuzz also clang and its libFuzzer
# runtime (Debian 12: libclang-rt-14-dev, which clang does not pull in).
# When something is missing: with --install (make deps, make demo, make
# check), as root on Debian, it runs apt-get; otherwise (a plain make,
# make install) it prints the exact apt-get line and exits 1.
set -u

install=no
fuzz=no
check_only=no
extra=""
for arg in "$@"; do
    case "$arg" in
    --install) install=yes ;;
    --check-only) check_only=yes ;;
    --fuzz) fuzz=yes ;;
    *) extra="$extra $arg" ;;
    esac
done

missing=""
command -v "${CC:-cc}" >/dev/null 2>&1 || missing="$missing gcc"
command -v make >/dev/null 2>&1 || missing="$missing make"
command -v flex >/dev/null 2>&1 || missing="$missing flex"
command -v bison >/dev/null 2>&1 || missing="$missing bison"
if ! command -v pkg-config >/dev/null 2>&1; then
    missing="$missing pkg-config libssl-dev zlib1g-dev libpcre2-dev"
elif ! pkg-config --exists 'openssl >= 3.0'; then
    missing="$missing libssl-dev"
fi
# zlib: postlint log reads gzip-compressed rotated logs.
if command -v pkg-config >/dev/null 2>&1 && ! pkg-config --exists zlib; then
    missing="$missing zlib1g-dev"
fi
# PCRE2: pcre: tables are compiled as Postfix 3.7+ compiles them.
if command -v pkg-config >/dev/null 2>&1 && ! pkg-config --exists libpcre2-8; then
    missing="$missing libpcre2-dev"
fi
if [ "$fuzz" = yes ]; then
    if ! command -v clang >/dev/null 2>&1; then
        missing="$missing clang libclang-rt-dev"
    elif ! ls "$(clang -print-resource-dir 2>/dev/null)"/lib/linux/libclang_rt.fuzzer-*.a \
            >/dev/null 2>&1; then
        # The runtime package is versioned: libclang-rt-14-dev for clang 14.
        v=$(clang -dumpversion 2>/dev/null | cut -d. -f1)
        missing="$missing libclang-rt-${v:-14}-dev"
    fi
fi
for pkg in $extra; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
done

[ -z "$missing" ] && exit 0

line="apt-get install -y$missing"
if [ "$check_only" = yes ]; then
    echo "postlint: missing build dependencies; install them with:" >&2
    echo "    $line" >&2
    exit 1
fi
if [ "$install" = yes ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "postlint: installing missing build dependencies:$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null 2>&1 || true
    # shellcheck disable=SC2086
    apt-get install -y -qq $missing >/dev/null || {
        echo "postlint: '$line' failed" >&2
        exit 1
    }
    exit 0
fi
echo "postlint: missing build dependencies. Run as root:" >&2
echo "    $line" >&2
echo "(or run 'sudo make deps')" >&2
exit 1
