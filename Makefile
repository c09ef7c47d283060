# postlint - a linter for Postfix main.cf and master.cf.
#
#   make            build build/postlint
#   make demo       build, then lint the bundled example (testdata/demo/)
#   make check      build, then run every test; ends with "N passed, N failed"
#   make asan       the whole suite under AddressSanitizer + UBSan
#   make valgrind   the whole suite under valgrind memcheck
#   make fuzz       every libFuzzer harness (clang) for FUZZ_SECONDS each
#   make fuzz-long  every harness for FUZZ_RUNS inputs (10 million), the
#                   corpus kept between runs
#   make fuzz-regress  replay fuzz seeds and crash reproducers (any CC)
#   make bench      postlint side by side with real postconf; postlint log
#                   against the founding grep pipeline on a 1 GB log
#   make deps       install missing build dependencies (root, Debian)
#   make install    PREFIX=/usr/local DESTDIR= (binary, man page, rule
#                   pages, bash completion, contrib/ with the installed
#                   binary's path)
#   make uninstall  the same PREFIX and DESTDIR: remove what install put
#   make dist       postlint-VERSION.tar.gz (DIST_DIR=.): the tracked
#                   files, builds on its own
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
# pcre: tables are compiled with PCRE2, as Postfix 3.7+ does.
PCRE2_CFLAGS   = $(shell $(PKG_CONFIG) --cflags libpcre2-8 2>/dev/null)
PCRE2_LIBS     = $(shell $(PKG_CONFIG) --libs libpcre2-8 2>/dev/null || echo -lpcre2-8)

# A quiet build: "CC src/x.c", "LD build/postlint"; make V=1 shows the
# whole commands.
V           ?= 0
ifeq ($(V),1)
Q           :=
say          = @true
else
Q           := @
say          = @printf '  %-4s %s\n' $(1) $(2)
endif

WARN        := -Wall -Wextra -Werror
# CPPFLAGS: distribution builds pass -D_FORTIFY_SOURCE=2 there.
ALL_CFLAGS   = -std=c11 -D_GNU_SOURCE -pthread -DPOSTLINT_VERSION='"$(VERSION)"' \
               -DPOSTLINT_DOC_URI='"file://$(PREFIX)/share/doc/postlint/rules/"' \
               $(WARN) $(CPPFLAGS) $(CFLAGS) -Isrc -Isrc/log -I$(GEN) $(OPENSSL_CFLAGS) \
               $(ZLIB_CFLAGS) $(PCRE2_CFLAGS)
# flex/bison output trips a few -Wextra warnings we cannot fix at the source.
GEN_CFLAGS   = $(ALL_CFLAGS) -Wno-unused-parameter -Wno-sign-compare \
               -Wno-unused-function

SRCS        := $(wildcard src/*.c src/log/*.c)
RULE_SRCS   := $(wildcard rules/*.c)
GRAMMARS    := maincf mastercf
GEN_C       := $(foreach g,$(GRAMMARS),$(GEN)/$(g).tab.c $(GEN)/$(g).yy.c) \
               $(GEN)/params_table.c $(GEN)/dbms_table.c \
               $(GEN)/profiles_table.c $(GEN)/restrictions_table.c \
               $(GEN)/enums_table.c $(GEN)/ranges_table.c \
               $(GEN)/rule_docs.c
RULE_DOCS   := $(filter-out docs/rules/README.md,$(wildcard docs/rules/*.md))
GEN_H       := $(foreach g,$(GRAMMARS),$(GEN)/$(g).tab.h) $(GEN)/rule_list.h

OBJS        := $(patsubst src/%.c,$(OBJ)/src/%.o,$(SRCS)) \
               $(patsubst rules/%.c,$(OBJ)/rules/%.o,$(RULE_SRCS)) \
               $(patsubst $(GEN)/%.c,$(OBJ)/gen/%.o,$(GEN_C))
# Everything but the CLI: what the fuzz harnesses link against.
LIB_OBJS    := $(filter-out $(OBJ)/src/main.o,$(OBJS))

# Fuzz harnesses: every fuzz/fuzz_NAME.c. Each is built twice: with
# libFuzzer (make fuzz, clang only) and, with any compiler, as a replay
# program (fuzz/replay.c feeds it files) that make check runs over the
# seeds and testdata/fuzz-regressions/NAME/.
FUZZ_SRCS   := $(wildcard fuzz/fuzz_*.c)
FUZZ_NAMES  := $(patsubst fuzz/fuzz_%.c,%,$(FUZZ_SRCS))
REPLAY_BINS := $(patsubst %,$(BUILD)/replay/fuzz_%,$(FUZZ_NAMES))
FUZZ_SECONDS ?= 60
FUZZ_BUILD  := build/fuzz
FUZZ_SAN    := -fsanitize=address,undefined -fno-sanitize-recover=all

# Keep generated sources (make would delete them as intermediates).
.SECONDARY: $(GEN_C) $(GEN_H)

.PHONY: all deps check-deps demo check test-bins asan valgrind bench catalogue \
        install uninstall dist clean fuzz fuzz-long fuzz-build fuzz-harnesses fuzz-regress

all: $(BUILD)/postlint

# Test programs: built for make check (and asan, valgrind), not by make.
test-bins: $(BUILD)/postlint-unit $(REPLAY_BINS)

# A plain make only checks the build dependencies and says what to
# install; make deps, make demo and make check install them (as root).
check-deps:
	@sh tools/deps.sh --check-only

$(OBJS): | check-deps

deps:
	@sh tools/deps.sh --install

$(BUILD)/postlint: $(OBJS)
	$(call say,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $(OBJS) $(LDFLAGS) $(OPENSSL_LIBS) $(ZLIB_LIBS) $(PCRE2_LIBS)

# Unit checks (tests/unit/): postlint's objects without main.o.
$(BUILD)/postlint-unit: $(OBJ)/tests/unit/unit.o $(filter-out $(OBJ)/src/main.o,$(OBJS))
	$(call say,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDFLAGS) $(OPENSSL_LIBS) $(ZLIB_LIBS) $(PCRE2_LIBS)

# Header dependencies come from the compiler (-MMD -MP: build/obj/*.d).
DEPFLAGS     = -MMD -MP

$(OBJ)/tests/unit/%.o: tests/unit/%.c | $(GEN_H)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(BUILD)/replay/fuzz_%: fuzz/fuzz_%.c fuzz/replay.c fuzz/fuzz.h $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(call say,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -Ifuzz -o $@ fuzz/replay.c $< $(LIB_OBJS) \
	    $(LDFLAGS) $(OPENSSL_LIBS) $(ZLIB_LIBS) $(PCRE2_LIBS)

$(OBJ)/src/%.o: src/%.c | $(GEN_H)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(OBJ)/rules/%.o: rules/%.c | $(GEN_H)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -c -o $@ $<

$(OBJ)/gen/%.o: $(GEN)/%.c | $(GEN_H)
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(GEN_CFLAGS) $(DEPFLAGS) -c -o $@ $<

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)

$(GEN)/%.tab.c $(GEN)/%.tab.h: grammar/%.y
	@mkdir -p $(GEN)
	$(call say,YACC,$<)
	$(Q)$(BISON) -Wall -Werror --defines=$(GEN)/$*.tab.h -o $(GEN)/$*.tab.c $<

$(GEN)/%.yy.c: grammar/%.l $(GEN)/%.tab.h
	@mkdir -p $(GEN)
	$(call say,LEX,$<)
	$(Q)$(FLEX) -o $@ $<

# The parameter knowledge base: a readable TSV compiled into a C table.
$(GEN)/params_table.c: rules/params.tsv tools/gen-params.awk
	@mkdir -p $(GEN)
	$(call say,GEN,$@)
	$(Q)awk -f tools/gen-params.awk rules/params.tsv > $@.tmp && mv $@.tmp $@

# Database client keywords (ldap:NAME makes NAME_server_host valid).
$(GEN)/dbms_table.c: rules/dbms-keywords.tsv tools/gen-dbms.awk
	@mkdir -p $(GEN)
	$(call say,GEN,$@)
	$(Q)awk -f tools/gen-dbms.awk rules/dbms-keywords.tsv > $@.tmp && mv $@.tmp $@

# smtpd restriction names per version.
$(GEN)/restrictions_table.c: rules/restrictions.tsv tools/gen-restrictions.awk
	@mkdir -p $(GEN)
	$(call say,GEN,$@)
	$(Q)awk -f tools/gen-restrictions.awk rules/restrictions.tsv > $@.tmp && mv $@.tmp $@

# Enumerated values and numeric bounds the Postfix programs enforce.
$(GEN)/enums_table.c: rules/enums.tsv tools/gen-enums.awk
	@mkdir -p $(GEN)
	$(call say,GEN,$@)
	$(Q)awk -f tools/gen-enums.awk rules/enums.tsv > $@.tmp && mv $@.tmp $@

$(GEN)/ranges_table.c: rules/ranges.tsv tools/gen-ranges.awk
	@mkdir -p $(GEN)
	$(call say,GEN,$@)
	$(Q)awk -f tools/gen-ranges.awk rules/ranges.tsv > $@.tmp && mv $@.tmp $@

# TLS profiles of real senders and receivers.
$(GEN)/profiles_table.c: rules/tls-profiles.tsv tools/gen-profiles.awk
	@mkdir -p $(GEN)
	$(call say,GEN,$@)
	$(Q)awk -f tools/gen-profiles.awk rules/tls-profiles.tsv > $@.tmp && mv $@.tmp $@

# The rule pages, built in for --explain.
$(GEN)/rule_docs.c: $(RULE_DOCS) tools/gen-rule-docs.awk
	@mkdir -p $(GEN)
	$(call say,GEN,$@)
	$(Q)awk -f tools/gen-rule-docs.awk $(RULE_DOCS) > $@.tmp && mv $@.tmp $@

# Every rules/*.c that defines "const rule_desc rule_NAME" is registered.
# The list is rewritten only when it changes, so editing one rule does
# not recompile everything that includes it.
$(GEN)/rule_list.h: $(RULE_SRCS) tools/gen-rule-list.sh
	@mkdir -p $(GEN)
	$(Q)sh tools/gen-rule-list.sh $(RULE_SRCS) > $@.tmp; \
	  if cmp -s $@.tmp $@; then rm -f $@.tmp; \
	  else mv $@.tmp $@; printf '  %-4s %s\n' GEN $@; fi

demo:
	@sh tools/deps.sh --install
	@$(MAKE) --no-print-directory all
	@echo '$$ build/postlint --postfix-version 2.6.6 --openssl-version 1.0.1e -c testdata/demo'
	@$(BUILD)/postlint --no-exec --postfix-version 2.6.6 --openssl-version 1.0.1e -c testdata/demo; \
	 status=$$?; echo "(exit status $$status: 1 means findings at or above --fail-on)"; \
	 [ $$status -le 1 ]

check:
	@sh tools/deps.sh --install
	@sh tools/test-deps.sh
	@$(MAKE) --no-print-directory all test-bins
	@sh tests/run.sh $(BUILD)/postlint

asan:
	$(MAKE) BUILD=build/asan CC=$${ASAN_CC:-$(CC)} \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" all test-bins
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    sh tests/run.sh build/asan/postlint

valgrind: all test-bins
	POSTLINT_WRAPPER="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect" \
	    sh tests/run.sh $(BUILD)/postlint

# libFuzzer: the project objects with coverage and sanitizers in
# build/fuzz/, one harness binary per fuzz/fuzz_NAME.c, then each harness
# for FUZZ_SECONDS (tools/fuzz.sh: corpus in build/fuzz/corpus/NAME,
# crashes in build/fuzz/crashes/; non-zero exit on any crash).
fuzz: fuzz-build
	@sh tools/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_NAMES)

# Each harness for FUZZ_RUNS inputs (10 million: hours in all), the
# corpus kept in build/fuzz/corpus/ between runs.
FUZZ_RUNS ?= 10000000
fuzz-long: fuzz-build
	@sh tools/fuzz.sh $(FUZZ_BUILD) runs=$(FUZZ_RUNS) $(FUZZ_NAMES)

# Replay the seeds and testdata/fuzz-regressions/ through the replay
# builds of the harnesses (make check does this too).
fuzz-regress: all test-bins
	@sh tests/fuzz-regress.sh $(BUILD)/replay

fuzz-build:
	@sh tools/deps.sh --fuzz
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang \
	    CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	    fuzz-harnesses

fuzz-harnesses: $(patsubst %,$(BUILD)/fuzz_%,$(FUZZ_NAMES))

$(BUILD)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h $(LIB_OBJS)
	$(call say,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -Ifuzz -fsanitize=fuzzer -o $@ $< $(LIB_OBJS) \
	    $(OPENSSL_LIBS) $(ZLIB_LIBS) $(PCRE2_LIBS)

# Coverage of Postfix's own diagnostics (rules/postfix-diagnostics.tsv).
catalogue: all
	@bash tests/catalogue.sh $(BUILD)/postlint --coverage

bench: all
	@bash bench/bench.sh $(BUILD)/postlint
	@bash bench/log-bench.sh $(BUILD)/postlint

# Where make install puts things. contrib/ names /usr/local/bin/postlint
# (the default PREFIX); the installed copies name $(BINDIR)/postlint.
BINDIR      := $(PREFIX)/bin
SBINDIR     := $(PREFIX)/sbin
MAN1DIR     := $(PREFIX)/share/man/man1
# DOCDIR and DATADIR are postlint's own: make uninstall removes them whole.
DOCDIR      := $(PREFIX)/share/doc/postlint
DATADIR     := $(PREFIX)/share/postlint
BASHCOMPDIR := $(PREFIX)/share/bash-completion/completions
DROPINS     := postfix@.service.d/postlint.conf postfix.service.d/postlint.conf

install: $(BUILD)/postlint
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MAN1DIR) \
	    $(DESTDIR)$(DOCDIR)/rules $(DESTDIR)$(BASHCOMPDIR) \
	    $(DESTDIR)$(DATADIR)/systemd/postfix@.service.d \
	    $(DESTDIR)$(DATADIR)/systemd/postfix.service.d
	install -m 755 $(BUILD)/postlint $(DESTDIR)$(BINDIR)/postlint
	install -m 644 docs/postlint.1 $(DESTDIR)$(MAN1DIR)/postlint.1
	install -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md
	install -m 644 docs/rules/*.md $(DESTDIR)$(DOCDIR)/rules/
	install -m 644 contrib/bash-completion/postlint $(DESTDIR)$(BASHCOMPDIR)/postlint
	sed 's|^postlint=$${POSTLINT:-postlint}$$|postlint=$${POSTLINT:-$(BINDIR)/postlint}|' \
	    contrib/postfix-reload-safe >$(DESTDIR)$(SBINDIR)/postfix-reload-safe
	chmod 755 $(DESTDIR)$(SBINDIR)/postfix-reload-safe
	for f in $(DROPINS); do \
	    sed 's|/usr/local/bin/postlint|$(BINDIR)/postlint|g' contrib/systemd/$$f \
	        >$(DESTDIR)$(DATADIR)/systemd/$$f && \
	    chmod 644 $(DESTDIR)$(DATADIR)/systemd/$$f || exit 1; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/postlint $(DESTDIR)$(SBINDIR)/postfix-reload-safe \
	    $(DESTDIR)$(MAN1DIR)/postlint.1 $(DESTDIR)$(DOCDIR)/README.md \
	    $(DESTDIR)$(BASHCOMPDIR)/postlint
	rm -rf $(DESTDIR)$(DOCDIR) $(DESTDIR)$(DATADIR)

# The source tarball: every file git tracks (the work tree's contents),
# under postlint-VERSION/, owners and order fixed, dated by the last commit.
DIST_DIR    ?= .
dist:
	@sh tools/dist.sh $(VERSION) $(DIST_DIR)

clean:
	rm -rf build
