#!/usr/bin/env bash
# bench/gen-main-cf.sh - print a synthetic but realistic main.cf of about N
# lines to stdout, as benchmark (and stress) input for postlint and postconf.
#
# The file mixes real Postfix parameter names (column "name" of
# rules/params.tsv: rows with no removed_in and a default_3.7 value, minus
# read-only, directory and a few start-up parameters) with user-defined
# parameters (site_*) that are referenced as $name / ${name} by real and by
# later user parameters, plus continuation lines (some with comment lines
# inside), comments, blank lines, spacing variants and some duplicate names
# with a different value. References never form a loop, so postconf accepts
# the result. Map references use only file-less lookups (hash:, regexp:, ...),
# never mysql:/ldap:/..., which postconf would try to open.
#
# Output is deterministic: the generator uses its own Park-Miller PRNG
# (seed 1) instead of awk's rand(), whose sequence differs between mawk and
# gawk.
#
# Usage: bench/gen-main-cf.sh N [PARAMS_TSV]
#   PARAMS_TSV  default: rules/params.tsv in the repository; if that is
#               missing, ../shared/postfix-facts/params-all.tsv beside it.

set -u

if [ $# -lt 1 ] || [ $# -gt 2 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
	echo "usage: $0 N [PARAMS_TSV]" >&2
	exit 2
fi
lines=$1

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(git -C "$script_dir" rev-parse --show-toplevel 2>/dev/null) ||
	root=$(cd "$script_dir/.." && pwd)
params=${2:-$root/rules/params.tsv}
if [ ! -f "$params" ] && [ $# -lt 2 ]; then
	fallback=$root/../shared/postfix-facts/params-all.tsv
	if [ -f "$fallback" ]; then
		echo "gen-main-cf: $params not found; using $fallback" >&2
		params=$fallback
	fi
fi
if [ ! -f "$params" ]; then
	echo "gen-main-cf: parameter table not found: $params" >&2
	exit 1
fi

exec awk -F'\t' -v want="$lines" '
function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
function ri(n) { return int(rnd() * n) }          # 0 .. n-1
function pick(list,    a, n) { n = split(list, a, "|"); return a[ri(n) + 1] }
function out(s) { print s; nout++ }
function num(x) { return sprintf("%d", x) }

# References between user parameters form a forest built bottom-up: a new
# user parameter is either a leaf (literal values only) or takes 2-6 of the
# oldest unreferenced user parameters of one depth level, and its depth is one
# more. So the depth stays near log4(count) (postconf gives up on macros nested
# more than 100 deep) and all but a few user parameters end up referenced.
function ref(name) { return (ri(4) ? "$" name : "${" name "}") }
function enqueue(k, d) { q[d, qt[d]++] = k; if (d > maxlevel) maxlevel = d }

# A reference for a real parameter: an unreferenced user parameter from the
# deepest level that has one, else any user parameter, else "".
function realref(    d) {
	for (d = maxlevel; d >= 0; d--)
		if (qt[d] > qh[d]) return ref(uname[q[d, qh[d]++]])
	return (nuser ? ref(uname[1 + ri(nuser)]) : "")
}

function literal(    r) {
	r = ri(7)
	if (r < 2) return num(ri(223) + 1) "." num(ri(256)) "." num(ri(256)) ".0/" num(16 + ri(9))
	if (r < 4) return pick("hash|lmdb|regexp|pcre|cidr|texthash") ":/etc/postfix/" pick("access|senders|clients|relay|virtual|helo|rbl_override") "_" num(ri(500))
	if (r < 6) return pick("mail|mx|smtp|relay|lists") num(ri(90)) "." pick("example.com|example.net|example.org|test.invalid")
	return "inline:{ " pick("a|b|c") num(ri(99)) "=" pick("OK|REJECT|DUNNO") ", x" num(ri(99)) "=OK }"
}

# n list items; with refs, about 3 in 10 are references to user parameters.
function items(n, refs,    s, i, it) {
	s = ""
	for (i = 0; i < n; i++) {
		if (!refs || ri(10) >= 3 || (it = realref()) == "") it = literal()
		s = s (i ? ", " : "") it
	}
	return s
}

function restrictions(refs,    s, n, i, it) {
	s = ""
	n = 2 + ri(5)
	for (i = 0; i < n; i++) {
		it = pick("permit_mynetworks|permit_sasl_authenticated|reject_unauth_destination|reject_unknown_client_hostname|reject_non_fqdn_sender|reject_unknown_sender_domain|check_client_access hash:/etc/postfix/client_access|check_sender_access regexp:/etc/postfix/sender.re|reject_rbl_client zen.spamhaus.org|check_policy_service unix:private/policy|reject_unlisted_recipient|REF")
		if (it == "REF" && (!refs || (it = realref()) == "")) it = "reject_invalid_helo_hostname"
		s = s (i ? ", " : "") it
	}
	return s
}

# Value for a real parameter of value kind kd and 3.7 default df.
function realval(kd, df) {
	if (kd == "bool") return (df == "yes" ? "no" : "yes")
	if (kd ~ /^int/ && kd !~ /read-only/) return num(ri(ri(2) ? 100 : 100000))
	if (kd == "time") return num(1 + ri(600)) pick("s|s|m|h|d")
	if (kd == "size" || kd == "long") return num(1024 * (1 + ri(100000)))
	if (kd == "restriction_list") return restrictions(1)
	if (kd ~ /^(map_list|map|match_list|list|file_list|access_list|address_list)/)
		return items(1 + ri(4), 1)
	if (kd == "hostname" || kd == "nexthop") return pick("mail|mx1|smtp|relay") "." pick("example.com|example.net")
	if (df == "(empty)") return ""
	if (df == "(computed)") return pick("mail.example.com|example.com|localhost")
	return df
}

# Value for the new user parameter k (see the forest above).
function newuser(k,    d, n, i, s) {
	for (d = 0; d <= maxlevel; d++)
		if (qt[d] - qh[d] >= 4) break
	if (d <= maxlevel && ri(4)) {
		n = qt[d] - qh[d]
		if (n > 6) n = 6
		n = 2 + ri(n - 1)
		s = ""
		for (i = 0; i < n; i++) s = s (i ? ", " : "") ref(uname[q[d, qh[d]++]])
		if (ri(3) == 0) s = s ", " literal()
		enqueue(k, d + 1)
	} else {
		s = (ri(3) ? items(1 + ri(3), 0) : restrictions(0))
		enqueue(k, 0)
	}
	return s
}

# Print "name = value", sometimes split onto continuation lines.
function assign(name, value,    sep, parts, n, i, ind) {
	sep = pick(" = | = | = | = | = |=| =  |\t= ")
	n = split(value, parts, ", ")
	if (n >= 3 && ri(3) == 0) {
		ind = pick("    |    |\t|  ")
		if (ri(2)) { out(name sep); i = 1 }
		else { out(name sep parts[1] ","); i = 2 }
		for (; i <= n; i++) {
			if (ri(20) == 0) out(ri(2) ? "#" pick("reject_rbl_client bl.spamcop.net,|permit,|old entry") : ind "# " pick("disabled for now|see ticket " num(ri(9999))))
			out(ind parts[i] (i < n ? "," : ""))
		}
		return
	}
	if (ri(25) == 0) value = value pick(" | \t")           # trailing blank
	if (ri(30) == 0 && value ~ /, /) sub(/, /, ",\t", value)   # tab inside
	out(name sep value)
}

NR == 1 {
	for (i = 1; i <= NF; i++) col[$i] = i
	if (!("name" in col)) { print "gen-main-cf: no name column" > "/dev/stderr"; exit 1 }
	next
}
{
	name = $(col["name"])
	if (name !~ /^[a-z0-9_]+$/) next
	if ("removed_in" in col && $(col["removed_in"]) != "") next
	df = ("default_3.7" in col ? $(col["default_3.7"]) : "(empty)")
	if (df == "") next                          # not in Postfix 3.7
	kd = ("value_kind" in col ? $(col["value_kind"]) : "string")
	nt = ("notes" in col ? $(col["notes"]) : "")
	if (kd ~ /read-only|directory/ || nt ~ /read-only/) next
	if (name ~ /^(compatibility_level|config_directory|meta_directory|shlib_directory|daemon_directory|command_directory|queue_directory|data_directory|mail_owner|setgid_group|import_environment|process_name|process_id|mail_version|mail_release_date)$/) next
	nreal++
	rname[nreal] = name; rkind[nreal] = kd; rdef[nreal] = df
}
END {
	if (nreal == 0) { print "gen-main-cf: no parameter names read" > "/dev/stderr"; exit 1 }
	seed = 1
	for (i = nreal; i > 1; i--) {              # Fisher-Yates shuffle
		j = ri(i) + 1
		t = rname[i]; rname[i] = rname[j]; rname[j] = t
		t = rkind[i]; rkind[i] = rkind[j]; rkind[j] = t
		t = rdef[i]; rdef[i] = rdef[j]; rdef[j] = t
	}
	words = "relay|clients|senders|helo|rbl|tls|domains|networks|maps|hosts|policy|backup"
	out("# Synthetic main.cf (bench/gen-main-cf.sh " want "), not a working configuration.")
	out("")
	out("compatibility_level = 3.6")
	next_real = 1; nuser = 0; nassigned = 0; maxlevel = 0
	while (nout < want) {
		r = ri(100)
		if (r < 8) {
			n = 1 + ri(4)
			for (i = 0; i < n; i++)
				out(pick("# " pick("TLS parameters|Restrictions|Local site policy|Maps|See postconf(5) for details") "|#" rname[1 + ri(nreal)] " = " pick("yes|no|$myhostname|hash:/etc/postfix/x") "|# changed " num(2000 + ri(25)) "-" num(1 + ri(12)) ", ticket #" num(ri(99999)) "|#"))
		} else if (r < 14) {
			out("")
		} else if (r < 16 && nassigned > 10) {
			# a duplicate name with a new value
			name = aname[1 + ri(nassigned)]
			if (name in uval) assign(name, uval[name] ", " literal())
			else assign(name, realval(akind[name], adef[name]))
		} else if (r < 56 && next_real <= nreal) {
			name = rname[next_real]
			akind[name] = rkind[next_real]; adef[name] = rdef[next_real]
			next_real++
			aname[++nassigned] = name
			assign(name, realval(akind[name], adef[name]))
		} else {
			nuser++
			uname[nuser] = "site_" pick(words) "_" num(nuser)
			aname[++nassigned] = uname[nuser]
			uval[uname[nuser]] = newuser(nuser)
			assign(uname[nuser], uval[uname[nuser]])
		}
	}
}' "$params"
