/*
 * template_sniff.h - is this file a template rather than a configuration?
 *
 * A main.cf.j2 from an Ansible role, a Helm chart's master.cf or a
 * Debian main.cf.in is not what Postfix reads: its placeholders become
 * values only when it is rendered. Linting one gives dozens of findings
 * about the template language. The lint refuses it instead, once, with
 * the kind of template and the line of its first marker.
 */
#ifndef POSTLINT_TEMPLATE_SNIFF_H
#define POSTLINT_TEMPLATE_SNIFF_H

#include "source.h"

/*
 * NULL when src reads as a configuration. Otherwise a message to free:
 * "FILE:LINE: this looks like a Jinja2 template ({% ... %}); lint the
 * rendered file". Only lines Postfix would read count: a placeholder in
 * a comment is ignored by Postfix, and so by this check. Markers that
 * Postfix syntax can also produce are not taken: inline:{{key=value}}
 * and ${{$a} < {1} ? ...} are configuration.
 */
char *template_sniff(const source *src);

#endif
