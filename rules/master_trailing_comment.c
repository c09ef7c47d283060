/*
 * master_trailing_comment.c - rule "master-trailing-comment": '#' after a
 * master.cf command is not a comment.
 *
 * Only a line whose first non-blank character is '#' is a comment. "smtpd
 * # note" passes "#" and "note" to the daemon, and every -o after them is
 * no longer an option: smtpd dies with "unexpected command-line argument".
 * Fix: remove the text from '#' to the end of that line.
 */
#include "rule.h"
#include "effective.h"

#include <stdio.h>

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    const model *m = ctx->m;

    for (size_t i = 0; i < m->n_services; i++) {
        const service *s = &m->services[i];
        const ms_entry *e = s->entry;

        for (size_t w = 1; w < e->n_words; w++) {
            span sp = e->words[w].sp;
            size_t last = w;
            diagnostic *d;

            if (e->words[w].text[0] != '#')
                continue;
            while (last + 1 < e->n_words
                   && e->words[last + 1].sp.line == sp.line)
                last++;
            sp.end_line = e->words[last].sp.end_line;
            sp.end_col = e->words[last].sp.end_col;
            sp.end_off = e->words[last].sp.end_off;
            {
                const char *cmd = s->has_fields ? service_daemon(s) : "";
                const char *word = e->words[w].text;
                bool argv_before = false, opts_after = false;
                char effect[200];

                for (size_t k = 0; k < w; k++)
                    argv_before |= str_starts(e->words[k].text, "argv=");
                for (size_t k = w + 1; k < e->n_words; k++)
                    opts_after |= str_starts(e->words[k].text, "-o");
                if (str_eq(cmd, "spawn") || (str_eq(cmd, "pipe") && argv_before))
                    snprintf(effect, sizeof(effect),
                             "the command it runs receives them");
                else if (str_eq(cmd, "pipe") || str_eq(cmd, "smtp")
                         || str_eq(cmd, "lmtp"))
                    snprintf(effect, sizeof(effect), "%s stops with \"unknown "
                             "attribute name: %.40s\"", cmd, word);
                else
                    snprintf(effect, sizeof(effect), "%s stops with "
                             "\"unexpected command-line argument: %.40s\"",
                             *cmd ? cmd : "the daemon", word);
                d = report(ctx, self, &sp,
                           "'#' here does not start a comment: master.cf "
                           "comments must be on a line of their own, so "
                           "\"%s\"%s become%s arguments of %s;" DIAG_NOTE
                           " %s%s (Postfix %s)",
                           word, last > w ? " and what follows" : "",
                           last > w ? "" : "s",
                           *cmd ? cmd : "the command", effect,
                           opts_after ? ", and the -o options after them are "
                           "not applied" : "", ctx->version_text);
            }
            if (sp.line == sp.end_line)
                diag_set_fix(d, &sp, "");
            break;
        }
    }
}

const rule_desc rule_master_trailing_comment = {
    "master-trailing-comment", SEV_ERROR,
    "a '#' after a master.cf entry is passed to the daemon, not ignored",
    "In master.cf (as in main.cf) only a line whose first non-blank "
    "character is '#' is a comment. Text such as \"smtpd # public MX\" "
    "passes '#', 'public' and 'MX' to the daemon as arguments; smtpd then "
    "stops with \"unexpected command-line argument\", and any -o options "
    "after the comment are not applied. Put the comment on its own line.",
    check,
    0
};
