/*
 * run_info.c - what postlint says about itself and about a run, besides
 * the findings: --list-rules, --explain, the notes on how the files were
 * found, and -v's account of what was checked (all on stdout or stderr,
 * never in the emitters' output).
 *
 * Interface: run_info.h. Diagnostics: none of its own.
 */
#include "run_info.h"
#include "rule_docs.h"
#include "target.h"

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rules_list(void)
{
    size_t n;
    const rule_desc *const *all = rule_all(&n);

    for (size_t i = 0; i < n; i++) {
        /* The severities its findings can have: "warning..error". */
        unsigned sevs = all[i]->also | SEV_ALSO(all[i]->sev);
        severity lo = SEV_ERROR, hi = SEV_INFO;
        char range[32];

        for (severity v = SEV_INFO; v <= SEV_ERROR; v++) {
            if (sevs & SEV_ALSO(v)) {
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
        }
        if (lo == hi)
            snprintf(range, sizeof(range), "%s", severity_name(lo));
        else
            snprintf(range, sizeof(range), "%s..%s", severity_name(lo),
                     severity_name(hi));
        printf("%-28s %-14s %s\n", all[i]->id, range, all[i]->summary);
    }
    return 0;
}

/* The rule's documentation page (docs/rules/RULE.md, built in). */
int rules_explain(const char *id)
{
    const rule_desc *r = rule_find(id);
    const char *page = rule_doc_page(id);

    if (r == NULL) {
        pl_say("no rule \"%s\" (see --list-rules)", id);
        return EXIT_CANNOT_LINT;
    }
    if (page)
        fputs(page, stdout);
    else
        printf("%s (%s): %s\n\n%s\n", r->id, severity_name(r->sev),
               r->summary, r->explanation);
    return 0;
}

/* How the files were found (lint.c's notes): warnings always, notes
 * unless -q. */
void run_say_notes(const options *o, const lint_input *in)
{
    char *copy, *line, *save = NULL;

    if (in->notes == NULL)
        return;
    copy = xstrdup(in->notes);
    for (line = strtok_r(copy, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save))
        if (!o->quiet || !str_starts(line, "note:"))
            pl_say("%s", line);
    free(copy);
}

static const char *origin_text(const lint_pass *p)
{
    switch (p->ctx.version_origin) {
    case VERSION_FROM_OPTION:
        return "from --postfix-version";
    case VERSION_FROM_POSTCONF:
        return "from postconf -d mail_version";
    default:
        return "assumed: the newest postlint knows";
    }
}

/* -v: what was checked, on stderr, after the findings. */
void run_say_checked(const options *o, const lint_input *in,
                        const lint_pass *pass, size_t n_passes,
                        const diag_set *diags)
{
    size_t n_rules, count[3] = {0, 0, 0};

    rule_all(&n_rules);
    if (in->dir)
        pl_say("configuration directory: %s (%s)", in->dir,
               in->dir_origin ? in->dir_origin : "");
    for (int i = 0; i < 2; i++) {
        const source *src = i ? in->master_src : in->main_src;
        const char *path = i ? in->master_path : in->main_path;
        const char *name = i ? "master.cf" : "main.cf";

        if (src)
            pl_say("%s: %s (%zu bytes)", name, src->path, src->len);
        else if (path)
            pl_say("%s: %s (not there: Postfix's defaults)", name, path);
        else
            pl_say("%s: none (Postfix's defaults)", name);
    }
    pl_say("postconf: %s", target_postconf_where(o->no_exec));
    for (size_t v = 0; v < n_passes; v++) {
        pl_say("Postfix %s (%s)", pass[v].version_text, origin_text(&pass[v]));
        if (pass[v].ctx.version_note)
            pl_say("  %s", pass[v].ctx.version_note);
    }
    pl_say("OpenSSL %s (%s; cipher strings evaluated with the linked "
           "OpenSSL %s)", pass[0].ctx.openssl_text,
           o->openssl_version ? "from --openssl-version" : "the one postlint "
           "is linked with", OpenSSL_version(OPENSSL_VERSION_STRING));
    pl_say("files named by the configuration: %s",
           o->no_files ? "not read (--no-files)"
           : o->root ? "read inside --root" : "read on this machine");
    for (size_t i = 0; i < diags->n; i++)
        count[diags->items[i].sev]++;
    pl_say("%zu rules run%s; %zu error%s, %zu warning%s, %zu info note%s",
           n_rules, n_passes > 1 ? " for each version" : "",
           count[SEV_ERROR], count[SEV_ERROR] == 1 ? "" : "s",
           count[SEV_WARNING], count[SEV_WARNING] == 1 ? "" : "s",
           count[SEV_INFO], count[SEV_INFO] == 1 ? "" : "s");
}
