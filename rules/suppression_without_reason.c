/*
 * suppression_without_reason.c - rule "suppression-without-reason": a
 * "# postlint: disable=" comment that does not say why.
 *
 * The next postmaster cannot tell whether the exception still holds.
 * Reported by src/suppress.c while it reads the suppressions (this
 * descriptor has no check of its own).
 */
#include "rule.h"

const rule_desc rule_suppression_without_reason = {
    "suppression-without-reason", SEV_INFO,
    "a \"# postlint: disable=\" comment gives no reason",
    "Write the reason after \"--\": \"# postlint: disable=tls-protocol-floor "
    "-- partner X only speaks TLSv1, ticket 1234\". A suppression is an "
    "exception to a rule; without its reason nobody can later decide "
    "whether it may go.",
    NULL,
    0
};
