/*
 * rule_docs.h - the rule documentation pages (docs/rules/RULE.md), built
 * into the binary by tools/gen-rule-docs.awk for --explain.
 */
#ifndef POSTLINT_RULE_DOCS_H
#define POSTLINT_RULE_DOCS_H

/* The Markdown page of rule id, or NULL when it has none. */
const char *rule_doc_page(const char *id);

#endif
