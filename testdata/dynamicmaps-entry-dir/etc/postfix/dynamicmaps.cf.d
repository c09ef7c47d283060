cdb postfix-cdb.so dict_cdb_open mkmap_cdb_open
