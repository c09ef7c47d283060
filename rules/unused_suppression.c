/*
 * unused_suppression.c - rule "unused-suppression": a "# postlint:"
 * comment that silences nothing.
 *
 * A suppression outlives the finding it was written for: the setting is
 * fixed, the entry moved, the rule id mistyped. A stale one hides the next
 * real finding on that entry, so it is reported. The check needs every
 * other rule's findings first, so src/suppress.c makes it after the rules
 * have run (this descriptor has no check of its own).
 */
#include "rule.h"

const rule_desc rule_unused_suppression = {
    "unused-suppression", SEV_INFO,
    "a \"# postlint: disable=\" comment silences nothing",
    "A \"# postlint: disable=RULE -- reason\" comment silences RULE on the "
    "main.cf parameter or master.cf entry that follows it, and "
    "\"disable-file=RULE\" in the whole file. When the rule reports nothing "
    "there, when no such rule exists, when nothing follows the comment, or "
    "when the comment cannot be read, the suppression is reported: delete "
    "it or correct it, so that it cannot hide a future finding. "
    "--no-inline-suppressions ignores every suppression.",
    NULL,
    0
};
