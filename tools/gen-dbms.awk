# gen-dbms.awk - compile rules/dbms-keywords.tsv into dbms_table.c.
#
# Columns: type (ldap, mysql, ...), keyword, source. postconf accepts
# NAME_keyword as a parameter when a table "type:NAME" appears in a value.
BEGIN {
    FS = "\t"
    print "/* Generated from rules/dbms-keywords.tsv by tools/gen-dbms.awk. */"
    print "#include \"dbms.h\""
    print ""
    print "const dbms_keyword dbms_table[] = {"
    n = 0
}
NR == 1 {
    if ($1 != "type" || $2 != "keyword") {
        print "gen-dbms.awk: unexpected header in " FILENAME > "/dev/stderr"
        exit 1
    }
    next
}
NF >= 2 {
    printf "    {\"%s\", \"%s\"},\n", $1, $2
    n++
}
END {
    print "};"
    print ""
    print "const size_t dbms_table_len = " n ";"
}
