# gen-enums.awk - compile rules/enums.tsv into enums_table.c.
#
# Columns: params, form (one|list|exactly-one|compat), case (exact|any),
# empty (ok|bad), words (word[@since[/backport...]]), programs, log,
# older_log, skip_if, source. See src/value_tables.h.
BEGIN {
    FS = "\t"
    print "/* Generated from rules/enums.tsv by tools/gen-enums.awk. */"
    print "#include \"value_tables.h\""
    print ""
    print "const enum_info enum_table[] = {"
    n = 0
    forms["one"] = "EF_ONE"; forms["list"] = "EF_LIST"
    forms["exactly-one"] = "EF_EXACTLY_ONE"; forms["compat"] = "EF_COMPAT"
}
function cstr(s) {
    if (s == "") return "NULL"
    gsub(/\\/, "\\\\", s)
    gsub(/"/, "\\\"", s)
    return "\"" s "\""
}
NR == 1 {
    if ($1 != "params" || $2 != "form" || $10 != "source") {
        print "gen-enums.awk: unexpected header in " FILENAME > "/dev/stderr"
        exit 1
    }
    next
}
NF > 0 {
    if (!($2 in forms) || ($3 != "exact" && $3 != "any") \
        || ($4 != "ok" && $4 != "bad")) {
        print "gen-enums.awk: " FILENAME ":" NR ": bad form, case or empty" > "/dev/stderr"
        exit 1
    }
    printf "    {%s, %s, %s, %s, %s, %s, %s, %s, %s, %s},\n", cstr($1), \
        forms[$2], ($3 == "exact" ? "true" : "false"), \
        ($4 == "ok" ? "true" : "false"), cstr($5), cstr($6), cstr($7), \
        cstr($8), cstr($9), cstr($10)
    n++
}
END {
    print "};"
    print ""
    print "const size_t enum_table_len = " n ";"
}
