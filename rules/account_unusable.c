/*
 * account_unusable.c - rule "account-unusable": mail_owner, default_privs
 * or setgid_group names an account that every Postfix program refuses.
 *
 * mail_params_init() (global/mail_params.c of 3.7.11) looks the three
 * accounts up in the passwd and group databases when any Postfix program
 * starts (postfix check and postfix start too), and stops with a fatal
 * error when
 *   - default_privs or mail_owner names no user, or a user whose UID or
 *     primary GID is 0;
 *   - getpwuid(mail_owner's UID) finds another name first (a shared UID);
 *   - setgid_group names no group, or a group whose GID is 0;
 *   - getgrgid(setgid_group's GID) finds another name first;
 *   - default_privs and mail_owner share a UID or a primary GID, or either
 *     user's primary GID is setgid_group's GID.
 * (The same name for default_privs and mail_owner is parameter-refused's.)
 *
 * The accounts are those of the machine: with --root DIR, DIR/etc/passwd
 * and DIR/etc/group, read here with fgetpwent/fgetgrent; a build root
 * without them (a package build, where the maintainer scripts create the
 * accounts at install time) leaves the rule quiet. Without --root, a
 * machine with no postfix command (exec_find: PATH, /usr/sbin ...; it
 * is not run) is not where Postfix runs: quiet. With --no-files the
 * configuration is for another machine: quiet too.
 */
#include "rule.h"
#include "effective.h"
#include "exec.h"
#include "rootpath.h"
#include "safe_file.h"

#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ACCT_DB_MAX (64u * 1024 * 1024)

/* Where accounts come from: NSS, or the files inside --root. */
typedef struct acct_db {
    char *passwd, *group;   /* resolved paths under --root; NULL: NSS */
} acct_db;

typedef struct user_acct {
    bool found;
    long uid, gid;
} user_acct;

/* A passwd or group file inside --root: a regular file only, never a
 * FIFO or a device (safe_file.h). */
static FILE *open_db(const char *path)
{
    struct stat st;
    int fd, err;
    FILE *fp;

    if (path == NULL
        || safe_open_file(path, ACCT_DB_MAX, SF_NO_SYMLINK, &fd, &st,
                          &err) != SF_OK)
        return NULL;
    if ((fp = fdopen(fd, "r")) == NULL)
        close(fd);
    return fp;
}

static user_acct user_by_name(const acct_db *db, const char *name)
{
    user_acct u = {false, 0, 0};
    struct passwd *pw;
    FILE *fp;

    if (db->passwd == NULL) {
        if ((pw = getpwnam(name)) != NULL)
            u = (user_acct) {true, (long) pw->pw_uid, (long) pw->pw_gid};
        return u;
    }
    if ((fp = open_db(db->passwd)) == NULL)
        return u;
    while ((pw = fgetpwent(fp)) != NULL)
        if (str_eq(pw->pw_name, name)) {
            u = (user_acct) {true, (long) pw->pw_uid, (long) pw->pw_gid};
            break;
        }
    fclose(fp);
    return u;
}

/* The name getpwuid(uid) returns: the first account with the UID. */
static char *user_by_uid(const acct_db *db, long uid)
{
    struct passwd *pw;
    char *name = NULL;
    FILE *fp;

    if (db->passwd == NULL) {
        pw = getpwuid((uid_t) uid);
        return pw ? xstrdup(pw->pw_name) : NULL;
    }
    if ((fp = open_db(db->passwd)) == NULL)
        return NULL;
    while ((pw = fgetpwent(fp)) != NULL)
        if ((long) pw->pw_uid == uid) {
            name = xstrdup(pw->pw_name);
            break;
        }
    fclose(fp);
    return name;
}

static bool group_by_name(const acct_db *db, const char *name, long *gid)
{
    struct group *gr;
    bool found = false;
    FILE *fp;

    if (db->group == NULL) {
        if ((gr = getgrnam(name)) != NULL)
            *gid = (long) gr->gr_gid;
        return gr != NULL;
    }
    if ((fp = open_db(db->group)) == NULL)
        return false;
    while ((gr = fgetgrent(fp)) != NULL)
        if (str_eq(gr->gr_name, name)) {
            *gid = (long) gr->gr_gid;
            found = true;
            break;
        }
    fclose(fp);
    return found;
}

static char *group_by_gid(const acct_db *db, long gid)
{
    struct group *gr;
    char *name = NULL;
    FILE *fp;

    if (db->group == NULL) {
        gr = getgrgid((gid_t) gid);
        return gr ? xstrdup(gr->gr_name) : NULL;
    }
    if ((fp = open_db(db->group)) == NULL)
        return NULL;
    while ((gr = fgetgrent(fp)) != NULL)
        if ((long) gr->gr_gid == gid) {
            name = xstrdup(gr->gr_name);
            break;
        }
    fclose(fp);
    return name;
}

/* A path inside --root that is a readable file, or NULL. */
static char *root_file(const char *path)
{
    char *why = NULL, *real = root_resolve(path, &why);
    FILE *fp;

    free(why);
    if (real && (fp = open_db(real)) != NULL) {
        fclose(fp);
        return real;
    }
    free(real);
    return NULL;
}

/* One of the three parameters as the programs read it. */
typedef struct acct_param {
    const char *name;
    char *value;            /* expanded; NULL: not judged */
    span sp;                /* the main.cf setting, or main.cf line 1 */
    bool ok;                /* passed its own checks */
    user_acct user;         /* default_privs, mail_owner */
    long gid;               /* setgid_group */
} acct_param;

static bool param_value(const lint_ctx *ctx, acct_param *p)
{
    const main_param *mp = model_main_param(ctx->m, p->name);
    eff_value e = effective_lookup(ctx->m, NULL, p->name);
    expand_result res;
    strbuf out;

    p->value = NULL;
    if (e.value == NULL || ctx->m->main == NULL)
        return false;
    memset(&res, 0, sizeof(res));
    sb_init(&out);
    effective_expand(ctx->m, NULL, p->name, e.value, &out, &res);
    /* An empty value is value-length's: Postfix stops before this. */
    if (!res.error && !res.too_large && out.len > 0)
        p->value = xstrdup(out.data);
    sb_free(&out);
    expand_result_free(&res);
    if (mp) {
        p->sp = mp->entry->value_sp;
    } else {
        memset(&p->sp, 0, sizeof(p->sp));
        p->sp.src = ctx->m->main->src;
        p->sp.line = p->sp.end_line = 1;
        p->sp.col = p->sp.end_col = 1;
    }
    return p->value != NULL;
}

static const char *where(const acct_db *db, bool group)
{
    if (db->passwd == NULL)
        return group ? "the group database of this machine"
            : "the passwd database of this machine";
    return group ? "etc/group of the --root" : "etc/passwd of the --root";
}

static void fatal_note(const lint_ctx *ctx, const rule_desc *self,
                       const span *sp, const char *headline,
                       const char *fatal)
{
    report(ctx, self, sp,
           "%s" DIAG_NOTE " every Postfix program of Postfix %s (postfix "
           "check, postfix start, each daemon) stops with \"fatal: file "
           ".../main.cf: %s\": Postfix does not start and no mail moves",
           headline, ctx->version_text, fatal);
}

static void check_user(const lint_ctx *ctx, const rule_desc *self,
                       const acct_db *db, acct_param *p)
{
    char head[512], fatal[512], *other;

    p->user = user_by_name(db, p->value);
    if (!p->user.found) {
        snprintf(head, sizeof head, "%s = %.40s: no such user in %s:",
                 p->name, p->value, where(db, false));
        snprintf(fatal, sizeof fatal,
                 "parameter %s: unknown user name value: %.100s", p->name,
                 p->value);
        fatal_note(ctx, self, &p->sp, head, fatal);
        return;
    }
    if (p->user.uid == 0 || p->user.gid == 0) {
        bool uid = p->user.uid == 0;

        snprintf(head, sizeof head, "%s = %.40s: the user has %s",
                 p->name, p->value, uid ? "UID 0, root's privileges:"
                 : "primary GID 0, root's group:");
        snprintf(fatal, sizeof fatal,
                 "parameter %s: user %.100s has privileged %s ID", p->name,
                 p->value, uid ? "user" : "group");
        fatal_note(ctx, self, &p->sp, head, fatal);
        return;
    }
    if (str_eq(p->name, "mail_owner")
        && (other = user_by_uid(db, p->user.uid)) != NULL) {
        if (!str_eq(other, p->value)) {
            snprintf(head, sizeof head, "%s = %.40s: user %.40s has the "
                     "same UID %ld and comes first in %s:", p->name,
                     p->value, other, p->user.uid, where(db, false));
            snprintf(fatal, sizeof fatal, "parameter %s: user %.100s has "
                     "same user ID as %.100s", p->name, p->value, other);
            fatal_note(ctx, self, &p->sp, head, fatal);
            free(other);
            return;
        }
        free(other);
    }
    p->ok = true;
}

static void check_group(const lint_ctx *ctx, const rule_desc *self,
                        const acct_db *db, acct_param *p)
{
    char head[512], fatal[512], *other;

    if (!group_by_name(db, p->value, &p->gid)) {
        snprintf(head, sizeof head, "%s = %.40s: no such group in %s:",
                 p->name, p->value, where(db, true));
        snprintf(fatal, sizeof fatal,
                 "parameter %s: unknown group name: %.100s", p->name,
                 p->value);
        fatal_note(ctx, self, &p->sp, head, fatal);
        return;
    }
    if (p->gid == 0) {
        snprintf(head, sizeof head, "%s = %.40s: the group has GID 0, "
                 "root's group:", p->name, p->value);
        snprintf(fatal, sizeof fatal,
                 "parameter %s: group %.100s has privileged group ID",
                 p->name, p->value);
        fatal_note(ctx, self, &p->sp, head, fatal);
        return;
    }
    if ((other = group_by_gid(db, p->gid)) != NULL) {
        if (!str_eq(other, p->value)) {
            snprintf(head, sizeof head, "%s = %.40s: group %.40s has the "
                     "same GID %ld and comes first in %s:", p->name,
                     p->value, other, p->gid, where(db, true));
            snprintf(fatal, sizeof fatal, "parameter %s: group %.100s has "
                     "same group ID as %.100s", p->name, p->value, other);
            fatal_note(ctx, self, &p->sp, head, fatal);
            free(other);
            return;
        }
        free(other);
    }
    p->ok = true;
}

/* The span of the later of two settings that main.cf has (a default has
 * main.cf's line 1, which comes first). */
static const span *later(const acct_param *a, const acct_param *b)
{
    return b->sp.off >= a->sp.off && b->sp.line >= a->sp.line ? &b->sp
        : &a->sp;
}

static void overlap(const lint_ctx *ctx, const rule_desc *self,
                    const acct_param *a, const acct_param *b, bool uid,
                    long id)
{
    char head[512], fatal[600];
    bool group = str_eq(b->name, "setgid_group");

    if (group)
        snprintf(head, sizeof head, "%s = %.40s has primary GID %ld, the "
                 "GID of %s = %.40s:", a->name, a->value, id, b->name,
                 b->value);
    else
        snprintf(head, sizeof head, "%s = %.40s and %s = %.40s have the "
                 "same %s %ld:", a->name, a->value, b->name, b->value,
                 uid ? "UID" : "primary GID", id);
    snprintf(fatal, sizeof fatal, "parameters %s and %s: %s %.100s and "
             "%s%.100s have the same %s ID: %ld", a->name, b->name,
             group ? "user" : "users", a->value, group ? "group " : "",
             b->value, uid ? "user" : "group", id);
    fatal_note(ctx, self, later(a, b), head, fatal);
}

static void check(const lint_ctx *ctx, const rule_desc *self)
{
    acct_param privs = {"default_privs", NULL, {0}, false, {0}, 0};
    acct_param owner = {"mail_owner", NULL, {0}, false, {0}, 0};
    acct_param sgid = {"setgid_group", NULL, {0}, false, {0}, 0};
    acct_db db = {NULL, NULL};

    if (root_no_files() || ctx->m->main == NULL)
        return;
    if (root_get()) {
        db.passwd = root_file("/etc/passwd");
        db.group = root_file("/etc/group");
        if (db.passwd == NULL || db.group == NULL)
            goto out;
    } else if (exec_find("postfix", NULL) == NULL) {
        return;                 /* no Postfix here: nor its accounts */
    }
    if (param_value(ctx, &privs))
        check_user(ctx, self, &db, &privs);
    if (param_value(ctx, &owner))
        check_user(ctx, self, &db, &owner);
    if (param_value(ctx, &sgid))
        check_group(ctx, self, &db, &sgid);
    /* The same name twice stops Postfix first (parameter-refused). */
    if (privs.ok && owner.ok && !str_eq(privs.value, owner.value)) {
        if (privs.user.uid == owner.user.uid)
            overlap(ctx, self, &privs, &owner, true, owner.user.uid);
        if (privs.user.gid == owner.user.gid)
            overlap(ctx, self, &privs, &owner, false, owner.user.gid);
    }
    if (privs.ok && sgid.ok && privs.user.gid == sgid.gid)
        overlap(ctx, self, &privs, &sgid, false, sgid.gid);
    if (owner.ok && sgid.ok && owner.user.gid == sgid.gid)
        overlap(ctx, self, &owner, &sgid, false, sgid.gid);
out:
    free(privs.value);
    free(owner.value);
    free(sgid.value);
    free(db.passwd);
    free(db.group);
}

const rule_desc rule_account_unusable = {
    "account-unusable", SEV_ERROR,
    "mail_owner, default_privs or setgid_group names a missing, "
    "privileged or shared account: Postfix does not start",
    "Every Postfix program looks up mail_owner and default_privs in the "
    "passwd database and setgid_group in the group database when it "
    "starts, and stops when an account does not exist, has ID 0, shares "
    "its ID with another account, or when the three share a UID or GID. "
    "postlint reads the accounts of this machine, or etc/passwd and "
    "etc/group inside --root (none there: it says nothing); with "
    "--no-files it says nothing.",
    check,
    0
};
