# gen-restrictions.awk - compile rules/restrictions.tsv into a C table
# (restrictions_table.c).
#
# Columns (tab-separated, header first): name, alias_of, since,
# deprecated, fails, replacement, arg, needs, source. "-" is empty;
# since "never" marks a look-alike smtpd never accepted.
BEGIN {
    FS = "\t"
    print "/* Generated from rules/restrictions.tsv by tools/gen-restrictions.awk. */"
    print "#include \"restrictions.h\""
    print ""
    print "const restriction_info restriction_table[] = {"
    n = 0
    args["none"] = "RARG_NONE"; args["table"] = "RARG_TABLE"
    args["domain"] = "RARG_DOMAIN"; args["policy"] = "RARG_POLICY"
    args["seconds"] = "RARG_SECONDS"
}
function cstr(s) {
    if (s == "-" || s == "") return "NULL"
    gsub(/\\/, "\\\\", s)
    gsub(/"/, "\\\"", s)
    return "\"" s "\""
}
NR == 1 {
    if ($1 != "name" || $7 != "arg" || $8 != "needs") {
        print "gen-restrictions.awk: unexpected header in " FILENAME > "/dev/stderr"
        exit 1
    }
    next
}
NF > 0 {
    if (!($7 in args)) {
        print "gen-restrictions.awk: " FILENAME ":" NR ": bad arg kind " $7 > "/dev/stderr"
        exit 1
    }
    printf "    {%s, %s, %s, %s, %s, %s, %s, %s},\n", cstr($1), cstr($2), \
        cstr($3), cstr($4), cstr($5), cstr($6), args[$7], cstr($8)
    n++
}
END {
    print "};"
    print ""
    print "const size_t restriction_table_len = " n ";"
}
