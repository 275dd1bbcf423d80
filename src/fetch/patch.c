/* patch.c: digests of patch files and applying them with git_apply_to_tree */
#define _POSIX_C_SOURCE 200809L
#include <string.h>

#include "fetch/gitcache.h"
#include "fetch/patch.h"
#include "lib/os.h"
#include "lib/sha256.h"
#include "lib/banned.h"

/* what git_apply_to_tree was working on when it stopped */
struct apply_state {
	struct buf file;         /* the delta's path */
	struct buf hunk;         /* the hunk header, "" before the first hunk of the delta */
};

int patch_digest(struct patch_src *p)
{
	struct buf b = BUF_INIT;

	if (fs_read_file(p->path, &b) < 0)
		return -1;
	sha256_hex(b.data, b.len, p->sha256);
	buf_release(&b);
	return 0;
}

static int on_delta(const git_diff_delta *delta, void *payload)
{
	struct apply_state *st = payload;
	const char *path = delta->new_file.path ? delta->new_file.path : delta->old_file.path;

	buf_reset(&st->file);
	buf_puts(&st->file, path ? path : "?");
	buf_reset(&st->hunk);
	return 0;
}

static int on_hunk(const git_diff_hunk *hunk, void *payload)
{
	struct apply_state *st = payload;
	size_t n = hunk->header_len;

	while (n > 0 && (hunk->header[n - 1] == '\n' || hunk->header[n - 1] == '\r'))
		n--;
	buf_reset(&st->hunk);
	buf_add(&st->hunk, hunk->header, n);
	return 0;
}

static int apply_failed(const struct patch_src *p, const char *dep, const struct apply_state *st)
{
	if (st->hunk.len)
		return error_at(p->pos, "dependency '%s': patch '%s' does not apply: hunk '%s' of '%s' "
				"failed (%s)", dep, p->shown, st->hunk.data, st->file.data, libgit2_message());
	if (st->file.len)
		return error_at(p->pos, "dependency '%s': patch '%s' does not apply to '%s' (%s)",
				dep, p->shown, st->file.data, libgit2_message());
	return error_at(p->pos, "dependency '%s': patch '%s' does not apply (%s)", dep, p->shown,
			libgit2_message());
}

/* apply one patch to *tree, replacing it by the result */
static int apply_one(git_repository *repo, const char *dep, const struct patch_src *p,
		     git_oid *tree)
{
	struct apply_state st = { BUF_INIT, BUF_INIT };
	git_apply_options opts;
	struct buf text = BUF_INIT;
	git_diff *diff = NULL;
	git_tree *t = NULL;
	git_index *index = NULL;
	int rc = -1;

	git_apply_options_init(&opts, GIT_APPLY_OPTIONS_VERSION);
	opts.delta_cb = on_delta;
	opts.hunk_cb = on_hunk;
	opts.payload = &st;
	if (fs_read_file(p->path, &text) < 0)
		goto out;
	if (git_diff_from_buffer(&diff, text.data, text.len) < 0) {
		error_at(p->pos, "dependency '%s': '%s' is not a patch (%s)", dep, p->shown,
			 libgit2_message());
		goto out;
	}
	if (git_diff_num_deltas(diff) == 0) {
		error_at(p->pos, "dependency '%s': patch '%s' holds no diff", dep, p->shown);
		goto out;
	}
	if (git_tree_lookup(&t, repo, tree) < 0) {
		error("dependency '%s': could not read tree %s: %s", dep, git_oid_tostr_s(tree),
		      libgit2_message());
		goto out;
	}
	if (git_apply_to_tree(&index, repo, t, diff, &opts) < 0)
		apply_failed(p, dep, &st);
	else if (git_index_write_tree_to(tree, index, repo) < 0)
		error("dependency '%s': could not write the patched tree: %s", dep, libgit2_message());
	else
		rc = 0;
out:
	git_index_free(index);
	git_tree_free(t);
	git_diff_free(diff);
	buf_release(&text);
	buf_release(&st.file);
	buf_release(&st.hunk);
	return rc;
}

int patch_apply_all(git_repository *repo, const char *dep, const git_oid *tree,
		    const struct patch_src *p, size_t n, git_oid *out)
{
	git_oid_cpy(out, tree);
	for (size_t i = 0; i < n; i++)
		if (apply_one(repo, dep, &p[i], out) < 0)
			return -1;
	return 0;
}
