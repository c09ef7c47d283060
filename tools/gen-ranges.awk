# gen-ranges.awk - compile rules/ranges.tsv into ranges_table.c.
#
# Columns: name, type (int|nint|long|time|str|raw|reply), min, max (0: not
# checked), unit (time: the default unit), programs, source, series (the
# release series whose first and last release have this table entry, or
# "3.7.10+": that series from this patch level on).
BEGIN {
    FS = "\t"
    print "/* Generated from rules/ranges.tsv by tools/gen-ranges.awk. */"
    print "#include \"value_tables.h\""
    print ""
    print "const range_info range_table[] = {"
    n = 0
    kinds["int"] = "RK_INT"; kinds["nint"] = "RK_INT"; kinds["long"] = "RK_LONG"
    kinds["time"] = "RK_TIME"; kinds["str"] = "RK_STR"; kinds["raw"] = "RK_RAW"
    kinds["reply"] = "RK_REPLY"
}
function cstr(s) {
    if (s == "") return "NULL"
    gsub(/\\/, "\\\\", s)
    gsub(/"/, "\\\"", s)
    return "\"" s "\""
}
NR == 1 {
    if ($1 != "name" || $2 != "type" || $8 != "series") {
        print "gen-ranges.awk: unexpected header in " FILENAME > "/dev/stderr"
        exit 1
    }
    next
}
NF > 0 {
    if (!($2 in kinds) || $3 !~ /^-?[0-9]+$/ || $4 !~ /^-?[0-9]+$/) {
        print "gen-ranges.awk: " FILENAME ":" NR ": bad type or bound" > "/dev/stderr"
        exit 1
    }
    printf "    {%s, %s, %sL, %sL, '%s', %s, %s, %s},\n", cstr($1), kinds[$2], \
        $3, $4, ($5 == "" ? "\\0" : $5), cstr($6), cstr($7), cstr($8)
    n++
}
END {
    print "};"
    print ""
    print "const size_t range_table_len = " n ";"
}
