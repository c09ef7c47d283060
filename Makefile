# postlint - a linter for Postfix main.cf and master.cf.
#
#   make            build build/postlint
#   make demo       build, then lint the bundled example (testdata/demo/)
#   make check      build, then run every test; ends with "N passed, N failed"
#   make asan       the whole suite under AddressSanitizer + UBSan
#   make fuzz-log   libFuzzer harness for the mail-log parser (clang)
#   make bench      postlint side by side with real postconf; postlint log
#                   against the founding grep pipeline on a 1 GB log
#   make deps       install missing build dependencies (root, Debian)
#   make install    PREFIX=/usr/local DESTDIR=
#
# Generated scanner/parser sources go to $(BUILD)/gen, never into the tree.

CC          ?= cc
BUILD       ?= build
PREFIX      ?= /usr/local
DESTDIR     ?=
PKG_CONFIG  ?= pkg-config
FLEX        ?= flex
BISON       ?= bison
CFLAGS      ?= -O2 -g
LDFLAGS     ?=

VERSION     := 0.1.0
GEN         := $(BUILD)/gen
OBJ         := $(BUILD)/obj

OPENSSL_CFLAGS = $(shell $(PKG_CONFIG) --cflags openssl 2>/dev/null)
OPENSSL_LIBS   = $(shell $(PKG_CONFIG) --libs openssl 2>/dev/null || echo -lssl -lcrypto)

# zlib: postlint log reads gzip-compressed rotated logs.
ZLIB_CFLAGS    = $(shell $(PKG_CONFIG) --cflags zlib 2>/dev/null)
ZLIB_LIBS      = $(shell $(PKG_CONFIG) --libs zlib 2>/dev/null || echo -lz)

WARN        := -Wall -Wextra -Werror
ALL_CFLAGS   = -std=c11 -D_GNU_SOURCE -pthread -DPOSTLINT_VERSION='"$(VERSION)"' \
               $(WARN) $(CFLAGS) -Isrc -I$(GEN) $(OPENSSL_CFLAGS) $(ZLIB_CFLAGS)
# flex/bison output trips a few -Wextra warnings we cannot fix at the source.
GEN_CFLAGS   = $(ALL_CFLAGS) -Wno-unused-parameter -Wno-sign-compare \
               -Wno-unused-function

SRCS        := $(wildcard src/*.c)
RULE_SRCS   := $(wildcard rules/*.c)
GRAMMARS    := maincf mastercf
GEN_C       := $(foreach g,$(GRAMMARS),$(GEN)/$(g).tab.c $(GEN)/$(g).yy.c) \
               $(GEN)/params_table.c $(GEN)/dbms_table.c \
               $(GEN)/profiles_table.c
GEN_H       := $(foreach g,$(GRAMMARS),$(GEN)/$(g).tab.h) $(GEN)/rule_list.h

OBJS        := $(patsubst src/%.c,$(OBJ)/src/%.o,$(SRCS)) \
               $(patsubst rules/%.c,$(OBJ)/rules/%.o,$(RULE_SRCS)) \
               $(patsubst $(GEN)/%.c,$(OBJ)/gen/%.o,$(GEN_C))

# Keep generated sources (make would delete them as intermediates).
.SECONDARY: $(GEN_C) $(GEN_H)

.PHONY: all deps check-deps demo check asan valgrind bench fuzz-log install clean

all: check-deps $(BUILD)/postlint

check-deps:
	@sh tools/deps.sh

deps:
	@sh tools/deps.sh --install

$(BUILD)/postlint: $(OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJS) $(LDFLAGS) $(OPENSSL_LIBS) $(ZLIB_LIBS)

$(OBJ)/src/%.o: src/%.c $(GEN_H) $(wildcard src/*.h src/*.inc)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(OBJ)/rules/%.o: rules/%.c $(GEN_H) $(wildcard src/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(OBJ)/gen/%.o: $(GEN)/%.c $(GEN_H) $(wildcard src/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(GEN_CFLAGS) -c -o $@ $<

$(GEN)/%.tab.c $(GEN)/%.tab.h: grammar/%.y
	@mkdir -p $(GEN)
	$(BISON) -Wall -Werror --defines=$(GEN)/$*.tab.h -o $(GEN)/$*.tab.c $<

$(GEN)/%.yy.c: grammar/%.l $(GEN)/%.tab.h
	@mkdir -p $(GEN)
	$(FLEX) -o $@ $<

# The parameter knowledge base: a readable TSV compiled into a C table.
$(GEN)/params_table.c: rules/params.tsv tools/gen-params.awk
	@mkdir -p $(GEN)
	awk -f tools/gen-params.awk rules/params.tsv > $@.tmp && mv $@.tmp $@

# Database client keywords (ldap:NAME makes NAME_server_host valid).
$(GEN)/dbms_table.c: rules/dbms-keywords.tsv tools/gen-dbms.awk
	@mkdir -p $(GEN)
	awk -f tools/gen-dbms.awk rules/dbms-keywords.tsv > $@.tmp && mv $@.tmp $@

# TLS profiles of real senders and receivers.
$(GEN)/profiles_table.c: rules/tls-profiles.tsv tools/gen-profiles.awk
	@mkdir -p $(GEN)
	awk -f tools/gen-profiles.awk rules/tls-profiles.tsv > $@.tmp && mv $@.tmp $@

# Every rules/*.c that defines "const rule_desc rule_NAME" is registered.
$(GEN)/rule_list.h: $(RULE_SRCS) tools/gen-rule-list.sh
	@mkdir -p $(GEN)
	sh tools/gen-rule-list.sh $(RULE_SRCS) > $@.tmp && mv $@.tmp $@

demo: all
	@echo '$$ build/postlint --postfix-version 2.6.6 --openssl-version 1.0.1e -c testdata/demo'
	@$(BUILD)/postlint --no-exec --postfix-version 2.6.6 --openssl-version 1.0.1e -c testdata/demo; \
	 status=$$?; echo "(exit status $$status: 1 means findings at or above --fail-on)"; \
	 [ $$status -le 1 ]

check: all
	@sh tests/run.sh $(BUILD)/postlint

asan:
	$(MAKE) BUILD=build/asan CC=$${ASAN_CC:-$(CC)} \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" all
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    sh tests/run.sh build/asan/postlint

valgrind: all
	POSTLINT_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect" \
	    sh tests/run.sh $(BUILD)/postlint

# libFuzzer harness for the mail-log line parser (clang with compiler-rt).
fuzz-log:
	@mkdir -p build/fuzz
	clang -std=c11 -D_GNU_SOURCE $(WARN) -g -O1 -Isrc \
	    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	    -o build/fuzz/log_parse_fuzz tests/fuzz/log_parse_fuzz.c src/log_parse.c

bench: all
	@bash bench/bench.sh $(BUILD)/postlint
	@bash bench/log-bench.sh $(BUILD)/postlint

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/doc/postlint/rules
	install -m 755 $(BUILD)/postlint $(DESTDIR)$(PREFIX)/bin/postlint
	install -m 644 docs/postlint.1 $(DESTDIR)$(PREFIX)/share/man/man1/postlint.1
	install -m 644 README.md $(DESTDIR)$(PREFIX)/share/doc/postlint/README.md
	install -m 644 docs/rules/*.md $(DESTDIR)$(PREFIX)/share/doc/postlint/rules/

clean:
	rm -rf build
