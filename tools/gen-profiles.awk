# gen-profiles.awk - compile rules/tls-profiles.tsv into profiles_table.c.
#
# Columns: id, role (sender|receiver), min_proto, max_proto,
# ciphers_openssl (colon-separated), tls13_suites, groups, sigalgs,
# plaintext_fallback, confidence, source, common (yes: a sender or receiver
# most servers meet; rules name these). The data comes from
# shared/tls-clients (captures, vendor documentation; see its README).
BEGIN {
    FS = "\t"
    print "/* Generated from rules/tls-profiles.tsv by tools/gen-profiles.awk. */"
    print "#include \"tls_profiles.h\""
    print ""
    print "const tls_profile tls_profiles[] = {"
    n = 0
}
function cstr(s) {
    gsub(/\\/, "\\\\", s)
    gsub(/"/, "\\\"", s)
    return "\"" s "\""
}
NR == 1 {
    if ($1 != "id" || $12 != "common") {
        print "gen-profiles.awk: unexpected header in " FILENAME > "/dev/stderr"
        exit 1
    }
    next
}
NF >= 12 {
    printf "    {%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s},\n", cstr($1), \
        cstr($2), cstr($3), cstr($4), cstr($5), cstr($6), cstr($7), \
        cstr($8), cstr($9), cstr($11), ($12 == "yes" ? "true" : "false")
    n++
}
END {
    print "};"
    print ""
    print "const size_t tls_profiles_len = " n ";"
}
