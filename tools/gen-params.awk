# gen-params.awk - compile rules/params.tsv into a C table (params_table.c).
#
# Columns (tab-separated, header line first): name, introduced_in,
# removed_in, deprecated_note, used_by, value_kind, default_2.6,
# default_2.11, default_3.4, default_3.7, default_3.9, default_3.11,
# source, notes. A default cell that is empty means "not in that series";
# the literal "(empty)" means an empty default. Names must be sorted (C
# locale) so that lookups can bisect; the generator refuses otherwise.
BEGIN {
    FS = "\t"
    print "/* Generated from rules/params.tsv by tools/gen-params.awk. */"
    print "#include \"params.h\""
    print ""
    print "const param_info param_table[] = {"
    n = 0
}
function cstr(s) {
    gsub(/\\/, "\\\\", s)
    gsub(/"/, "\\\"", s)
    return "\"" s "\""
}
function defval(s) {
    if (s == "") return "NULL"
    if (s == "(empty)") return "\"\""
    return cstr(s)
}
NR == 1 {
    if ($1 != "name" || $10 != "default_3.7") {
        print "gen-params.awk: unexpected header in " FILENAME > "/dev/stderr"
        exit 1
    }
    next
}
NF > 0 {
    if (n > 0 && !($1 > prev)) {
        print "gen-params.awk: " FILENAME ":" NR ": " $1 " is out of order or repeated" > "/dev/stderr"
        exit 1
    }
    prev = $1
    printf "    {%s, %s, %s, %s, %s, %s, {%s, %s, %s, %s, %s, %s}},\n", \
        cstr($1), cstr($2), cstr($3), cstr($4), cstr($5), cstr($6), \
        defval($7), defval($8), defval($9), defval($10), defval($11), defval($12)
    n++
}
END {
    print "};"
    print ""
    print "const size_t param_table_len = " n ";"
}
