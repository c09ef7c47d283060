#!/usr/bin/env bash
# tests/differential.sh - differential test: postlint's --print views against
# real Postfix `postconf`, over every main.cf and master.cf of the shared
# real-world corpus ($(git rev-parse --show-toplevel)/../shared/corpus).
#
#   view    postconf command              postlint command
#   main    postconf -c DIR -n            postlint -c DIR --no-exec --postfix-version V --print main
#   expand  postconf -c DIR -nx           ... --print main --expand
#   fields  postconf -c DIR -F            ... --print fields
#   params  postconf -c DIR -P            ... --print params
#
# Only stdout is compared, byte for byte. For the main view, the
# `config_directory = DIR` line that `postconf -c DIR -n` adds is dropped.
#
# Config dir used for each corpus main.cf: that main.cf plus the master.cf
# beside it (same folder, same file name with the last "main.cf" replaced by
# "master.cf", e.g. x__main.cf@HEAD -> x__master.cf@HEAD). When there is
# none, Postfix's pristine default master.cf is used:
# /usr/share/postfix/master.cf.dist (Debian package), else
# /etc/postfix/master.cf, else no master.cf at all. The master.cf matters for
# `-n`: it decides which service-derived names (e.g.
# dovecot_destination_recipient_limit) and which user parameters (referenced
# by `-o x=$name`) are "used" and therefore printed.
# Config dir used for each corpus master.cf: an empty main.cf plus it.
#
# A case where postconf exits non-zero is counted as "skipped (postconf
# rejects)" and not compared. A postlint exit status of 126 or more (not
# executable, killed by a signal) counts as a disagreement; other exit
# statuses are ignored (a linter may exit non-zero on findings).
# Disagreements listed in tests/differential-quirks.tsv (view, corpus file,
# explanation; tab-separated) are documented Postfix quirks: "explained".
#
# Usage: tests/differential.sh [-v] [--list-only] [POSTLINT_BINARY]
#   POSTLINT_BINARY  default: build/postlint in the repository
#   -v               show the first lines of `diff -u` (and why a case skipped)
#   --list-only      only print the pairs that would be compared
# Environment: POSTLINT_CORPUS overrides the corpus folder;
#   POSTFIX_VERSION overrides the value passed to --postfix-version (3.7.11);
#   DIFF_JOBS sets how many commands run at once (8).
# Exit: 0 all compared files agree or are explained (or nothing to compare:
# corpus or postconf missing), 1 some disagree, 2 usage error or no binary.

set -u

usage() {
	echo "usage: $0 [-v] [--list-only] [POSTLINT_BINARY]"
}

verbose=0
list_only=0
postlint=
while [ $# -gt 0 ]; do
	case $1 in
	-v | --verbose) verbose=1 ;;
	--list-only) list_only=1 ;;
	-h | --help)
		usage
		exit 0
		;;
	-*)
		echo "differential: unknown option: $1" >&2
		usage >&2
		exit 2
		;;
	*)
		if [ -n "$postlint" ]; then
			usage >&2
			exit 2
		fi
		postlint=$1
		;;
	esac
	shift
done

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(git -C "$script_dir" rev-parse --show-toplevel 2>/dev/null) ||
	root=$(cd "$script_dir/.." && pwd)
corpus=${POSTLINT_CORPUS:-$root/../shared/corpus}
quirks_file=$script_dir/differential-quirks.tsv
pf_version=${POSTFIX_VERSION:-3.7.11}
diff_lines=25
jobs_max=${DIFF_JOBS:-8}

if [ ! -d "$corpus" ]; then
	echo "differential: skipped: corpus folder $corpus not found (0 files compared)"
	exit 0
fi

# The default master.cf for a corpus main.cf that has none beside it.
default_master=
for f in /usr/share/postfix/master.cf.dist /etc/postfix/master.cf; do
	if [ -f "$f" ]; then
		default_master=$f
		break
	fi
done

# list_corpus KIND: corpus-relative paths of the files of KIND (main.cf or
# master.cf), sorted. Uses MANIFEST.tsv's file/kind columns when present,
# else file names.
list_corpus() {
	local kind=$1
	if [ -f "$corpus/MANIFEST.tsv" ]; then
		awk -F'\t' -v k="$kind" '
			NR == 1 { for (i = 1; i <= NF; i++) { if ($i == "file") fc = i; if ($i == "kind") kc = i }; next }
			fc && kc && $kc == k { print $fc }' "$corpus/MANIFEST.tsv"
	else
		(cd "$corpus" && find . -type f -name "*$kind*" | sed 's|^\./||')
	fi | LC_ALL=C sort | while IFS= read -r rel; do
		if [ -f "$corpus/$rel" ]; then
			printf '%s\n' "$rel"
		else
			echo "differential: warning: listed but missing: $rel" >&2
		fi
	done
}

# partner_master REL: sets partner to the corpus-relative path of the
# master.cf beside main.cf REL, or to "" when there is none.
partner_master() {
	local rel=$1 dir='' base cand
	base=${rel##*/}
	[ "$base" != "$rel" ] && dir=${rel%/*}/
	cand="$dir${base%main.cf*}master.cf${base##*main.cf}"
	partner=
	if [ -f "$corpus/$cand" ]; then
		partner=$cand
	fi
}

mains=()
masters=()
while IFS= read -r rel; do mains+=("$rel"); done < <(list_corpus main.cf)
while IFS= read -r rel; do masters+=("$rel"); done < <(list_corpus master.cf)

if [ "$list_only" = 1 ]; then
	for rel in "${mains[@]}"; do
		partner_master "$rel"
		if [ -n "$partner" ]; then
			printf 'main\t%s\t+ %s\n' "$rel" "$partner"
		elif [ -n "$default_master" ]; then
			printf 'main\t%s\t+ %s (default)\n' "$rel" "$default_master"
		else
			printf 'main\t%s\t+ (no master.cf)\n' "$rel"
		fi
	done
	for rel in "${masters[@]}"; do
		printf 'fields\t%s\t+ (empty main.cf)\n' "$rel"
		printf 'params\t%s\t+ (empty main.cf)\n' "$rel"
	done
	exit 0
fi

if ! command -v postconf >/dev/null 2>&1; then
	echo "differential: skipped: postconf not found on PATH (0 files compared)"
	exit 0
fi

case $postlint in
'') postlint=$root/build/postlint ;;
/*) ;;
*/*) postlint=$PWD/$postlint ;;
*) postlint=$(command -v "$postlint") || postlint=$PWD/$postlint ;;
esac
if [ ! -x "$postlint" ] || [ -d "$postlint" ]; then
	echo "differential: postlint binary not found or not executable: $postlint" >&2
	exit 2
fi

installed_version=$(postconf -d -h mail_version 2>/dev/null)
if [ -n "$installed_version" ] && [ "$installed_version" != "$pf_version" ]; then
	echo "differential: warning: postconf is Postfix $installed_version, comparing with --postfix-version $pf_version" >&2
fi

# Documented quirks: key "VIEW<TAB>FILE" -> explanation.
declare -A quirk=()
if [ -f "$quirks_file" ]; then
	while IFS=$'\t' read -r q_view q_file q_why; do
		case $q_view in '' | '#'* | view) continue ;; esac
		quirk["$q_view"$'\t'"$q_file"]=${q_why:-"(no explanation given)"}
	done <"$quirks_file"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/postlint-diff.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
unset MAIL_CONFIG

# Every case: view, corpus file, config dir, postconf flag. Case i's outputs
# are $work/o$i.{pc,pl}[.err|.rc].
case_view=() case_rel=() case_dir=() case_flag=()
add_case() {
	case_view+=("$1")
	case_rel+=("$2")
	case_dir+=("$3")
	case_flag+=("$4")
}

# copy SRC DST: a writable copy (corpus files are read-only).
copy() {
	cat "$1" >"$2"
}

n=0
for rel in "${mains[@]}"; do
	n=$((n + 1))
	dir=$work/m$n
	mkdir "$dir"
	copy "$corpus/$rel" "$dir/main.cf"
	partner_master "$rel"
	if [ -n "$partner" ]; then
		copy "$corpus/$partner" "$dir/master.cf"
	elif [ -n "$default_master" ]; then
		copy "$default_master" "$dir/master.cf"
	fi
	add_case main "$rel" "$dir" -n
	add_case expand "$rel" "$dir" -nx
	add_case warnings "$rel" "$dir" -n
done
n=0
for rel in "${masters[@]}"; do
	n=$((n + 1))
	dir=$work/s$n
	mkdir "$dir"
	: >"$dir/main.cf"
	copy "$corpus/$rel" "$dir/master.cf"
	add_case fields "$rel" "$dir" -F
	add_case params "$rel" "$dir" -P
	add_case warnings "$rel" "$dir" -n
done
# A main.cf younger than ~1 s makes postconf re-read it and repeat itself.
touch -d '-2 min' "$work"/*/*

# Run every postconf and postlint command, up to $jobs_max at a time: a
# postconf that dies with "fatal:" sleeps 1 s before it exits, so running
# them one by one would mostly wait.
running=0
spawn() {
	local out=$1
	shift
	# (the subshell's own stderr would only say "Segmentation fault")
	("$@" >"$out" 2>"$out.err" </dev/null
		echo $? >"$out.rc") 2>/dev/null &
	running=$((running + 1))
	if [ "$running" -ge "$jobs_max" ]; then
		wait -n
		running=$((running - 1))
	fi
}
for i in "${!case_view[@]}"; do
	spawn "$work/o$i.pc" postconf -c "${case_dir[$i]}" "${case_flag[$i]}"
	if [ "${case_view[$i]}" = expand ]; then
		view_args=(--print main --expand)
	elif [ "${case_view[$i]}" = warnings ]; then
		view_args=(--fail-on error)
	else
		view_args=(--print "${case_view[$i]}")
	fi
	spawn "$work/o$i.pl" "$postlint" -c "${case_dir[$i]}" --no-exec \
		--postfix-version "$pf_version" "${view_args[@]}"
done
wait

declare -A n_total=() n_agree=() n_explained=() n_differ=() n_skipped=() n_template=()
for v in main expand fields params warnings; do
	n_total[$v]=0 n_agree[$v]=0 n_explained[$v]=0 n_differ[$v]=0 n_skipped[$v]=0 n_template[$v]=0
done

# The warnings views as sets: "unused main.cf NAME", "undefined master.cf NAME".
warning_set_postconf() {
	sed -n -E 's/^postconf: warning: .*\/(main\.cf|master\.cf): unused parameter: ([^=]*)=.*/unused \1 \2/p
s/^postconf: warning: .*\/(main\.cf|master\.cf): undefined parameter: (.*)/undefined \1 \2/p' "$1" | sort -u
}
warning_set_postlint() {
	sed -n -E 's/^.*\/(main\.cf|master\.cf):[0-9]+:[0-9]+: [a-z]+: unknown parameter ([^ :]+).*\[unknown-parameter\]$/unused \1 \2/p
s/^.*\/(main\.cf|master\.cf):[0-9]+:[0-9]+: [a-z]+: ([^ ]+) .*\[parameter-not-in-version\]$/unused \1 \2/p
s/^.*\/(main\.cf|master\.cf):[0-9]+:[0-9]+: [a-z]+: \$([^ ]+) .*\[undefined-parameter\]$/undefined \1 \2/p' "$1" | sort -u
}

n_warnings=0

# judge I: compares case I's outputs and counts.
judge() {
	local i=$1 view=${case_view[$1]} rel=${case_rel[$1]} dir=${case_dir[$1]}
	local flag=${case_flag[$1]} out=$work/o$1 pc_rc=255 pl_rc=255 key
	read -r pc_rc <"$out.pc.rc"
	read -r pl_rc <"$out.pl.rc"
	n_total[$view]=$((n_total[$view] + 1))
	if [ "$pc_rc" -ne 0 ]; then
		n_skipped[$view]=$((n_skipped[$view] + 1))
		if [ "$verbose" = 1 ]; then
			echo "SKIP $view $rel: postconf exit $pc_rc: $(grep -m1 -e 'fatal:' "$out.pc.err" | cut -c1-200)"
		fi
		return
	fi
	# A template (main.cf.in, main.cf.j2) is refused on purpose: postconf
	# reads its placeholders as values, postlint says "lint the rendered
	# file" (exit 2). Counted apart, never as agreement.
	if [ "$pl_rc" -eq 2 ] && grep -q 'this looks like .*template' "$out.pl.err"; then
		n_template[$view]=$((n_template[$view] + 1))
		if [ "$verbose" = 1 ]; then
			echo "SKIP $view $rel: a template: $(head -n1 "$out.pl.err" | cut -c1-200)"
		fi
		return
	fi
	if [ "$view" = main ] || [ "$view" = expand ]; then
		mv "$out.pc" "$out.pc.raw"
		grep -vxF "config_directory = $dir" "$out.pc.raw" >"$out.pc"
	fi
	if [ "$view" = warnings ]; then
		# postconf's "unused parameter" / "undefined parameter" warnings
		# (stderr) against postlint's unknown-parameter,
		# parameter-not-in-version and undefined-parameter findings, as
		# sorted sets of "kind file name". postlint must find every one;
		# anything more must be listed as a quirk.
		warning_set_postconf "$out.pc.err" >"$out.pc"
		n_warnings=$((n_warnings + $(wc -l <"$out.pc")))
		warning_set_postlint "$out.pl" >"$out.pl.set"
		mv "$out.pl.set" "$out.pl"
	fi
	if [ "$view" = expand ]; then
		# debugger_command's default holds $process_id: the pid of the
		# program that prints it, which no two programs share.
		for f in "$out.pc" "$out.pl"; do
			grep -v '^debugger_command = ' "$f" >"$f.nopid"
			mv "$f.nopid" "$f"
		done
	fi
	key="$view"$'\t'"$rel"
	if [ "$pl_rc" -lt 126 ] && cmp -s "$out.pc" "$out.pl"; then
		n_agree[$view]=$((n_agree[$view] + 1))
		if [ -n "${quirk[$key]+set}" ]; then
			echo "NOTE $view $rel: agrees now; its entry in differential-quirks.tsv can go"
		fi
		return
	fi
	if [ -n "${quirk[$key]+set}" ]; then
		n_explained[$view]=$((n_explained[$view] + 1))
		echo "QUIRK $view $rel: ${quirk[$key]}"
	else
		n_differ[$view]=$((n_differ[$view] + 1))
		if [ "$pl_rc" -ge 126 ]; then
			echo "DIFF $view $rel (postlint exit $pl_rc)"
		else
			echo "DIFF $view $rel"
		fi
	fi
	if [ "$verbose" = 1 ]; then
		diff -u --label "postconf $flag ($rel)" --label "postlint --print $view" \
			"$out.pc" "$out.pl" | head -n "$diff_lines" | sed 's/^/    /'
		if [ "$pl_rc" -ne 0 ] && [ -s "$out.pl.err" ]; then
			echo "    postlint exit $pl_rc; stderr:"
			head -n 5 "$out.pl.err" | sed 's/^/    /'
		fi
	fi
}
for i in "${!case_view[@]}"; do
	judge "$i"
done

failed=0
for v in main expand fields params warnings; do
	extra=()
	[ "${n_explained[$v]}" -gt 0 ] && extra+=("${n_explained[$v]} explained")
	[ "${n_differ[$v]}" -gt 0 ] && extra+=("${n_differ[$v]} differ")
	[ "${n_skipped[$v]}" -gt 0 ] && extra+=("${n_skipped[$v]} skipped: postconf rejects")
	[ "${n_template[$v]}" -gt 0 ] && extra+=("${n_template[$v]} skipped: a template")
	line="differential $v: ${n_agree[$v]}/${n_total[$v]} agree"
	[ "$v" = warnings ] && line="$line, $n_warnings postconf warnings matched"
	if [ "${#extra[@]}" -gt 0 ]; then
		joined=$(printf '%s, ' "${extra[@]}")
		line="$line (${joined%, })"
	fi
	echo "$line"
	[ "${n_differ[$v]}" -gt 0 ] && failed=1
done

declare -A known=()
for rel in "${mains[@]}"; do
	known["main"$'\t'"$rel"]=1
	known["expand"$'\t'"$rel"]=1
done
for rel in "${masters[@]}"; do
	known["fields"$'\t'"$rel"]=1
	known["params"$'\t'"$rel"]=1
done
for key in "${!quirk[@]}"; do
	if [ -z "${known[$key]+set}" ]; then
		echo "NOTE differential-quirks.tsv names no corpus case: ${key/$'\t'/ }"
	fi
done

exit "$failed"
