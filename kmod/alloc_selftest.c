// SPDX-License-Identifier: GPL-2.0-only
/*
 * Allocator self-test (alloc_selftest=1): runs on a proc's own, fresh
 * allocator from inside its mmap, and prints one line with the result.
 *
 * Context: ->mmap, so the caller holds the mm's mmap_lock for writing and
 * the VMA is set up but not yet in the mm's tree. Hence no access here may
 * fault on a user address (the fault would wait for that lock): user
 * memory is only probed with copy_from_user_nofault(). The fault handler
 * body is called directly with the VMA, and the shrinker pass is run once
 * as the shrinker would (it must skip our mapped pages: their mmap_lock is
 * busy) and once telling it that we hold the lock (it must zap and free
 * them). Both passes leave other procs' pages alone.
 *
 * When it is done the allocator is as mmap left it: one free buffer, no
 * pages. Afterwards the proc works normally, except for the probe below.
 *
 * The probe, for userspace tests of the real fault and shrinker paths:
 * after a pass, a buffer of ST_PROBE_SIZE bytes at the start of the
 * mapping holds st_pattern(ST_PROBE_SEED, offset). A work item frees it
 * once userspace has faulted in its last page (page 2), or after
 * ST_PROBE_TIMEOUT. Reading it goes through the fault handler; after the
 * free it stays readable (mapped, on the LRU); once the shrinker has run
 * (drop_caches) a read is a SIGBUS.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/highmem.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "swbinder.h"

static bool alloc_selftest;
module_param(alloc_selftest, bool, 0444);
MODULE_PARM_DESC(alloc_selftest,
		 "Test the buffer allocator in every proc's mmap (for testing only)");

bool swb_alloc_selftest_enabled(void)
{
	return alloc_selftest;
}

#define ST_NBUF		5	/* buffers per layout, freed in all 120 orders */
#define ST_MAX_LIVE	64	/* buffers the test holds at once */
#define ST_MIN_PAGES	32	/* smallest mapping the test runs on */
#define ST_SCRATCH	(4 * PAGE_SIZE)

#define ST_PROBE_SEED	0x5b
#define ST_PROBE_SIZE	(2 * PAGE_SIZE + 8)
#define ST_PROBE_LAST	2		/* its last page: touching it ends the probe */
#define ST_PROBE_POLL	(HZ / 10)
#define ST_PROBE_TIMEOUT (120 * HZ)

/* Buffer sizes, chosen by where the buffer ends relative to pages. */
enum st_kind {
	ST_TINY,		/* 8 bytes: ends in the same page */
	ST_TINY_ODD,		/* 13 bytes, rounded up to 16 */
	ST_TO_BOUNDARY,		/* ends exactly at the next page boundary */
	ST_NEXT_PAGE,		/* a page and 20 bytes: ends in the next page */
	ST_TWO_PAGES_ODD,	/* two pages less 4: ends in the page after */
	ST_TO_BOUNDARY_2,	/* ends exactly at the boundary after next */
	ST_KINDS
};

/* Kinds of the five buffers of each layout. */
static const u8 st_layouts[][ST_NBUF] = {
	{ 0, 1, 2, 3, 4 }, { 1, 2, 3, 4, 5 }, { 2, 3, 4, 5, 0 },
	{ 3, 4, 5, 0, 1 }, { 4, 5, 0, 1, 2 }, { 5, 0, 1, 2, 3 },
	{ 2, 2, 2, 2, 2 }, { 1, 1, 1, 1, 1 }, { 3, 1, 4, 1, 5 },
};

struct st_buf {
	struct swb_buffer *buffer;
	unsigned long start;
	size_t size;
};

struct swb_st {
	struct swb_alloc *alloc;
	struct vm_area_struct *vma;
	u8 *scratch;
	unsigned int checks;
	bool failed;
	char why[192];
	struct swb_buffer *live[ST_MAX_LIVE];
	unsigned int nr_live;
};

static __printf(3, 4) bool st_check(struct swb_st *st, bool ok,
				    const char *fmt, ...)
{
	va_list args;

	st->checks++;
	if (ok || st->failed)
		return ok;
	st->failed = true;
	va_start(args, fmt);
	vsnprintf(st->why, sizeof(st->why), fmt, args);
	va_end(args);
	return false;
}

static size_t st_alloc_size(size_t data_size)
{
	return max_t(size_t, ALIGN(data_size, 8), sizeof(void *));
}

static struct swb_buffer *st_new(struct swb_st *st, size_t data_size,
				 size_t offsets_size, size_t extra_size,
				 bool is_async, pid_t pid)
{
	struct swb_buffer *buffer;

	if (!st_check(st, st->nr_live < ST_MAX_LIVE, "too many live buffers"))
		return NULL;
	buffer = swb_alloc_new_buf(st->alloc, data_size, offsets_size,
				   extra_size, is_async, pid);
	if (!st_check(st, !IS_ERR(buffer),
		      "allocating %zu+%zu+%zu bytes%s: error %ld", data_size,
		      offsets_size, extra_size, is_async ? " async" : "",
		      IS_ERR(buffer) ? PTR_ERR(buffer) : 0))
		return NULL;
	st->live[st->nr_live++] = buffer;
	return buffer;
}

static void st_free(struct swb_st *st, struct swb_buffer *buffer)
{
	unsigned int i;

	if (!buffer)
		return;
	for (i = 0; i < st->nr_live; i++) {
		if (st->live[i] == buffer) {
			st->live[i] = st->live[--st->nr_live];
			break;
		}
	}
	swb_alloc_free_buf(st->alloc, buffer);
}

static void st_expect_error(struct swb_st *st, const char *what,
			    size_t data_size, size_t offsets_size,
			    size_t extra_size, bool is_async, long error)
{
	struct swb_buffer *buffer;

	buffer = swb_alloc_new_buf(st->alloc, data_size, offsets_size,
				   extra_size, is_async, 1);
	if (!IS_ERR(buffer)) {
		st_check(st, false, "%s: allocation succeeded, expected %ld",
			 what, error);
		swb_alloc_free_buf(st->alloc, buffer);
		return;
	}
	st_check(st, PTR_ERR(buffer) == error, "%s: error %ld, expected %ld",
		 what, PTR_ERR(buffer), error);
}

/*
 * Page slots below @span: the users count matches the buffers of the
 * model, and a page is present iff covered by an allocated buffer or on
 * the LRU (never both).
 */
static void st_check_pages(struct swb_st *st, const struct st_buf *bufs,
			   unsigned int n, unsigned int span)
{
	struct swb_alloc *alloc = st->alloc;
	struct swb_alloc_page *slot;
	unsigned long lo, hi;
	unsigned int i, j, expect;
	bool listed;

	span = min(span, alloc->nr_pages);
	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	for (i = 0; i < span; i++) {
		lo = alloc->buffer + i * PAGE_SIZE;
		hi = lo + PAGE_SIZE;
		expect = 0;
		for (j = 0; j < n; j++) {
			if (bufs[j].buffer && bufs[j].start < hi &&
			    bufs[j].start + bufs[j].size > lo)
				expect++;
		}
		slot = &alloc->pages[i];
		listed = swb_lru_page_listed(slot);
		if (!st_check(st, slot->users == expect,
			      "page %u has %u users, expected %u", i,
			      slot->users, expect) ||
		    !st_check(st, !!slot->page == (expect || listed),
			      "page %u present %d, covered %d, on LRU %d", i,
			      !!slot->page, !!expect, listed) ||
		    !st_check(st, !(expect && listed),
			      "page %u is covered and on the LRU", i))
			break;
	}
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
}

/* All free again: one free buffer over the whole space, nothing charged. */
static void st_check_all_free(struct swb_st *st, const char *when)
{
	struct swb_alloc *alloc = st->alloc;
	struct swb_buffer *first;
	bool one;

	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	first = list_first_entry_or_null(&alloc->buffers, struct swb_buffer,
					 entry);
	one = first && list_is_singular(&alloc->buffers) && first->free &&
	      first->user_data == alloc->buffer &&
	      RB_EMPTY_ROOT(&alloc->allocated_buffers) &&
	      rb_first(&alloc->free_buffers) == &first->rb_node &&
	      rb_last(&alloc->free_buffers) == &first->rb_node;
	st_check(st, one, "%s: free space not back to one buffer", when);
	st_check(st, alloc->buffers_allocated == 0 && alloc->buffers_free == 1 &&
		 alloc->pages_active == 0,
		 "%s: counters %u allocated, %u free buffers, %u active pages",
		 when, alloc->buffers_allocated, alloc->buffers_free,
		 alloc->pages_active);
	st_check(st, alloc->free_async_space == alloc->buffer_size / 2,
		 "%s: async space %zu, expected %zu", when,
		 alloc->free_async_space, alloc->buffer_size / 2);
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
}

static u8 st_pattern(unsigned int seed, size_t offset)
{
	return (u8)(offset * 31 + seed * 7 + 1);
}

static void st_fill(struct swb_st *st, struct swb_buffer *buffer,
		    unsigned int seed, size_t size)
{
	size_t i;

	size = min_t(size_t, size, ST_SCRATCH);
	for (i = 0; i < size; i++)
		st->scratch[i] = st_pattern(seed, i);
	st_check(st, !swb_alloc_copy_to_buffer(st->alloc, buffer, 0,
					       st->scratch, size),
		 "copy of %zu bytes into a buffer failed", size);
}

static void st_verify(struct swb_st *st, struct swb_buffer *buffer,
		      unsigned int seed, size_t size)
{
	size_t i;

	size = min_t(size_t, size, ST_SCRATCH);
	memset(st->scratch, 0, size);
	if (!st_check(st, !swb_alloc_copy_from_buffer(st->alloc, st->scratch,
						      buffer, 0, size),
		      "copy of %zu bytes out of a buffer failed", size))
		return;
	for (i = 0; i < size; i++) {
		if (st->scratch[i] != st_pattern(seed, i))
			break;
	}
	st_check(st, i == size, "buffer content differs at byte %zu of %zu",
		 i, size);
}

static size_t st_kind_size(enum st_kind kind, unsigned long pos)
{
	size_t to_boundary = PAGE_SIZE - (pos & ~PAGE_MASK);

	switch (kind) {
	case ST_TINY:
		return 8;
	case ST_TINY_ODD:
		return 13;
	case ST_TO_BOUNDARY:
		return to_boundary;
	case ST_NEXT_PAGE:
		return PAGE_SIZE + 20;
	case ST_TWO_PAGES_ODD:
		return 2 * PAGE_SIZE - 4;
	default:
		return to_boundary + PAGE_SIZE;
	}
}

/* Next permutation in lexicographic order; false after the last one. */
static bool st_next_permutation(unsigned int *a, unsigned int n)
{
	unsigned int i, j, t;

	for (i = n - 1; i > 0 && a[i - 1] >= a[i]; i--)
		;
	if (!i)
		return false;
	for (j = n - 1; a[j] <= a[i - 1]; j--)
		;
	t = a[i - 1];
	a[i - 1] = a[j];
	a[j] = t;
	for (j = n - 1; i < j; i++, j--) {
		t = a[i];
		a[i] = a[j];
		a[j] = t;
	}
	return true;
}

/*
 * One layout after a pad buffer of @pad bytes (0: none): allocate the
 * five buffers back to back, check placement and pages, then free them in
 * each of the 120 orders, checking pages after every step.
 */
static void st_layout(struct swb_st *st, size_t pad, const u8 *kinds)
{
	unsigned int order[ST_NBUF] = { 0, 1, 2, 3, 4 };
	struct swb_alloc *alloc = st->alloc;
	struct st_buf bufs[ST_NBUF + 1];
	unsigned int i, n, base, span;
	bool first = true;
	unsigned long pos;
	size_t size;

	do {
		memset(bufs, 0, sizeof(bufs));
		n = 0;
		pos = 0;
		if (pad) {
			bufs[0].buffer = st_new(st, pad, 0, 0, false, 1);
			if (!bufs[0].buffer)
				return;
			bufs[0].start = alloc->buffer;
			bufs[0].size = st_alloc_size(pad);
			pos = bufs[0].size;
			n = 1;
		}
		base = n;
		for (i = 0; i < ST_NBUF; i++, n++) {
			size = st_kind_size(kinds[i], pos);
			bufs[n].buffer = st_new(st, size, 0, 0, false, 1);
			if (!bufs[n].buffer)
				goto out;
			bufs[n].start = alloc->buffer + pos;
			bufs[n].size = st_alloc_size(size);
			st_check(st, bufs[n].buffer->user_data == bufs[n].start,
				 "buffer %u of %zu bytes at offset %lu, expected %lu",
				 i, size, bufs[n].buffer->user_data - alloc->buffer,
				 pos);
			pos += bufs[n].size;
		}
		span = (pos >> PAGE_SHIFT) + 2;
		st_check_pages(st, bufs, n, span);
		if (first) {
			for (i = 0; i < n; i++)
				st_fill(st, bufs[i].buffer, i, bufs[i].size);
			for (i = 0; i < n; i++)
				st_verify(st, bufs[i].buffer, i, bufs[i].size);
			first = false;
		}
		for (i = 0; i < ST_NBUF; i++) {
			st_free(st, bufs[base + order[i]].buffer);
			bufs[base + order[i]].buffer = NULL;
			st_check_pages(st, bufs, n, span);
		}
		if (pad) {
			st_free(st, bufs[0].buffer);
			bufs[0].buffer = NULL;
			st_check_pages(st, bufs, n, span);
		}
		st_check_all_free(st, "after a layout");
	} while (!st->failed && st_next_permutation(order, ST_NBUF));
	return;
out:
	for (i = 0; i < n; i++)
		st_free(st, bufs[i].buffer);
}

static void st_layouts_all(struct swb_st *st)
{
	const size_t pads[] = { 0, 8, PAGE_SIZE - 16 };
	unsigned int p, l;

	for (p = 0; p < ARRAY_SIZE(pads); p++)
		for (l = 0; l < ARRAY_SIZE(st_layouts) && !st->failed; l++)
			st_layout(st, pads[p], st_layouts[l]);
}

static void st_full(struct swb_st *st)
{
	size_t size = st->alloc->buffer_size;
	struct swb_buffer *a, *b;

	a = st_new(st, size, 0, 0, false, 1);
	if (!a)
		return;
	st_check(st, a->user_data == st->alloc->buffer,
		 "whole-space buffer not at the start");
	st_expect_error(st, "allocating from a full space", 0, 0, 0, false,
			-ENOSPC);
	st_free(st, a);

	a = st_new(st, size - 8, 0, 0, false, 1);
	b = st_new(st, 0, 0, 0, false, 1);
	if (a && b)
		st_check(st, b->user_data == st->alloc->buffer + size - 8,
			 "last 8 bytes not used for an empty buffer");
	st_expect_error(st, "allocating from a full space", 1, 0, 0, false,
			-ENOSPC);
	st_free(st, a);
	st_free(st, b);
	st_expect_error(st, "allocating more than the space", size + 1, 0, 0,
			false, -ENOSPC);
	st_check_all_free(st, "after filling the space");
}

static void st_async(struct swb_st *st)
{
	struct swb_alloc *alloc = st->alloc;
	size_t half = alloc->buffer_size / 2, quarter = alloc->buffer_size / 4;
	struct swb_buffer *a, *s;

	st_check(st, swb_alloc_free_async_space(alloc) == half,
		 "async space %zu at start, expected %zu",
		 swb_alloc_free_async_space(alloc), half);
	st_expect_error(st, "async allocation beyond the async space",
			half + 8, 0, 0, true, -ENOSPC);
	a = st_new(st, quarter, 0, 0, true, 1);
	st_check(st, swb_alloc_free_async_space(alloc) == half - quarter,
		 "async space %zu after an async allocation, expected %zu",
		 swb_alloc_free_async_space(alloc), half - quarter);
	s = st_new(st, PAGE_SIZE, 0, 0, false, 1);
	st_check(st, swb_alloc_free_async_space(alloc) == half - quarter,
		 "a sync allocation changed the async space");
	st_expect_error(st, "async allocation beyond what is left",
			half - quarter + 8, 0, 0, true, -ENOSPC);
	st_free(st, a);
	st_check(st, swb_alloc_free_async_space(alloc) == half,
		 "async space %zu after freeing, expected %zu",
		 swb_alloc_free_async_space(alloc), half);
	st_free(st, s);
	st_check_all_free(st, "after async");
}

/*
 * Oneway spam: one sender fills the async space with equal buffers. The
 * first allocation that leaves less than a tenth of the space is flagged
 * (the sender then holds far more than a quarter), later ones are not.
 */
static void st_spam(struct swb_st *st)
{
	struct swb_alloc *alloc = st->alloc;
	size_t chunk = alloc->buffer_size / 64, tenth = alloc->buffer_size / 10;
	int flagged = 0, flagged_at = -1, crossed_at = -1, k;
	struct swb_buffer *buffer;

	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	alloc->quiet = true;
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
	for (k = 0; k < ST_MAX_LIVE - 2; k++) {
		buffer = st_new(st, chunk, 0, 0, true, 4242);
		if (!buffer)
			break;
		if (buffer->oneway_spam_suspect) {
			flagged++;
			flagged_at = k;
		}
		if (crossed_at < 0 && swb_alloc_free_async_space(alloc) < tenth)
			crossed_at = k;
		else if (crossed_at >= 0)
			break;
	}
	st_check(st, crossed_at >= 0 && flagged == 1 && flagged_at == crossed_at,
		 "oneway spam: %d flagged, at %d, expected once at %d",
		 flagged, flagged_at, crossed_at);
	buffer = st_new(st, 8, 0, 0, true, 4343);
	st_check(st, buffer && !buffer->oneway_spam_suspect,
		 "oneway spam: an innocent sender was flagged");
	while (st->nr_live)
		st_free(st, st->live[st->nr_live - 1]);
	buffer = st_new(st, 8, 0, 0, true, 4242);
	st_check(st, buffer && !buffer->oneway_spam_suspect &&
		 !alloc->oneway_spam_detected,
		 "oneway spam: detection did not reset");
	st_free(st, buffer);
	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	alloc->quiet = false;
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
	st_check_all_free(st, "after oneway spam");
}

static void st_prepare_to_free(struct swb_st *st)
{
	struct swb_alloc *alloc = st->alloc;
	struct swb_buffer *buffer, *found;
	unsigned long start;

	buffer = st_new(st, 100, 0, 0, false, 1);
	if (!buffer)
		return;
	start = buffer->user_data;
	found = swb_alloc_prepare_to_free(alloc, start);
	st_check(st, found == ERR_PTR(-EPERM),
		 "freeing an undelivered buffer: got %p", found);
	WRITE_ONCE(buffer->allow_user_free, true);
	found = swb_alloc_prepare_to_free(alloc, start + 8);
	st_check(st, !found, "freeing inside a buffer: got %p", found);
	found = swb_alloc_prepare_to_free(alloc, alloc->buffer +
					  alloc->buffer_size + PAGE_SIZE);
	st_check(st, !found, "freeing outside the space: got %p", found);
	found = swb_alloc_prepare_to_free(alloc, 0);
	st_check(st, !found, "freeing address 0: got %p", found);
	found = swb_alloc_prepare_to_free(alloc, start);
	st_check(st, found == buffer && !buffer->allow_user_free,
		 "freeing a delivered buffer: got %p", found);
	found = swb_alloc_prepare_to_free(alloc, start);
	st_check(st, found == ERR_PTR(-EPERM),
		 "freeing a buffer twice: got %p", found);
	st_free(st, buffer);
	found = swb_alloc_prepare_to_free(alloc, start);
	st_check(st, !found, "freeing a freed buffer: got %p", found);
	st_check_all_free(st, "after prepare_to_free");
}

static void st_sizes(struct swb_st *st)
{
	struct swb_alloc *alloc = st->alloc;
	struct swb_buffer *a, *b;

	st_expect_error(st, "data size overflow", SIZE_MAX, 0, 0, false,
			-EINVAL);
	st_expect_error(st, "sum overflow", SIZE_MAX - 7, 8, 0, false, -EINVAL);
	st_expect_error(st, "sum overflow", 8, SIZE_MAX / 2 + 1,
			SIZE_MAX / 2 + 1, false, -EINVAL);
	st_expect_error(st, "extra size overflow", 0, 0, SIZE_MAX - 3, false,
			-EINVAL);
	st_expect_error(st, "async overflow", SIZE_MAX, 0, 0, true, -EINVAL);

	a = st_new(st, 0, 0, 0, false, 1);
	b = st_new(st, 0, 0, 0, false, 1);
	if (a && b)
		st_check(st, b->user_data == a->user_data + sizeof(void *),
			 "empty buffers not %zu bytes apart", sizeof(void *));
	st_free(st, a);
	st_free(st, b);

	/* 104 + 16 + 8 = 128 bytes */
	a = st_new(st, 100, 13, 8, false, 1);
	if (!a)
		return;
	memset(st->scratch, 0x3c, 256);
	st_check(st, !swb_alloc_copy_to_buffer(alloc, a, 0, st->scratch, 128),
		 "copy of the whole buffer refused");
	st_check(st, swb_alloc_copy_to_buffer(alloc, a, 121, st->scratch, 8) ==
		 -EINVAL, "copy past the end accepted");
	st_check(st, swb_alloc_copy_to_buffer(alloc, a, SIZE_MAX, st->scratch,
					      2) == -EINVAL,
		 "copy at an overflowing offset accepted");
	st_check(st, swb_alloc_copy_from_buffer(alloc, st->scratch, a, 1, 128) ==
		 -EINVAL, "copy out past the end accepted");
	st_check(st, swb_alloc_copy_user_to_buffer(alloc, a, 120,
						   (const void __user *)1, 9) == 9,
		 "user copy past the end accepted");
	st_check(st, swb_alloc_copy_user_to_buffer(alloc, a, 128, NULL, 0) == 0,
		 "empty user copy at the end refused");
	st_free(st, a);
	st_check_all_free(st, "after size checks");
}

static void st_clear_on_free(struct swb_st *st)
{
	struct swb_alloc *alloc = st->alloc;
	size_t size = PAGE_SIZE + 64;
	struct swb_buffer *buffer;
	struct page *page;
	bool clean = true;
	unsigned int i;

	buffer = st_new(st, size, 0, 0, false, 1);
	if (!buffer)
		return;
	memset(st->scratch, 0xa5, size);
	swb_alloc_copy_to_buffer(alloc, buffer, 0, st->scratch, size);
	buffer->clear_on_free = true;
	st_free(st, buffer);

	/* The pages wait on the LRU, zeroed (unless reclaimed meanwhile). */
	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	for (i = 0; i < 2; i++) {
		page = alloc->pages[i].page;
		if (page && memchr_inv(page_address(page), 0,
				       i ? 64 : PAGE_SIZE))
			clean = false;
	}
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
	st_check(st, clean, "clear_on_free left data behind");

	buffer = st_new(st, size, 0, 0, false, 1);
	if (!buffer)
		return;
	swb_alloc_copy_from_buffer(alloc, st->scratch, buffer, 0, size);
	st_check(st, !memchr_inv(st->scratch, 0, size),
		 "reused cleared buffer is not zero");
	st_free(st, buffer);
	st_check_all_free(st, "after clear_on_free");
}

/* Is there a readable user PTE at @addr? Never faults. */
static bool st_user_readable(unsigned long addr, u8 *byte)
{
	return !copy_from_user_nofault(byte, (const void __user *)addr, 1);
}

static void st_slot_state(struct swb_alloc *alloc, unsigned int i,
			  bool *present, bool *listed, bool *mapped)
{
	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	*present = !!alloc->pages[i].page;
	*listed = swb_lru_page_listed(&alloc->pages[i]);
	*mapped = alloc->pages[i].user_mapped;
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
}

/*
 * Faults, the LRU and the shrinker: pages of a buffer are faulted in and
 * readable from userspace; after the free they stay mapped on the LRU; a
 * normal shrinker pass frees the never-mapped pages but must skip ours
 * (our mmap_lock is held); a pass told that we hold the lock zaps the
 * PTEs and frees the pages.
 */
static void st_shrinker(struct swb_st *st)
{
	struct swb_alloc *alloc = st->alloc;
	bool present, listed, mapped, ok;
	unsigned long ua = alloc->buffer;
	struct swb_buffer *buffer;
	unsigned int i;
	vm_fault_t ret;
	u8 byte;

	buffer = st_new(st, 2 * PAGE_SIZE + 100, 0, 0, false, 1);
	if (!buffer)
		return;
	st_fill(st, buffer, 9, 2 * PAGE_SIZE + 104);
	for (i = 0; i < 3; i++) {
		ret = swb_alloc_fault_page(alloc, st->vma, ua + i * PAGE_SIZE + 5);
		st_check(st, ret == VM_FAULT_NOPAGE,
			 "fault on covered page %u returned %#x", i, ret);
	}
	ret = swb_alloc_fault_page(alloc, st->vma, ua + 3 * PAGE_SIZE);
	st_check(st, ret == VM_FAULT_SIGBUS,
		 "fault on an uncovered page returned %#x", ret);
	if (st->vma->vm_end - st->vma->vm_start > alloc->buffer_size) {
		ret = swb_alloc_fault_page(alloc, st->vma,
					   ua + alloc->buffer_size);
		st_check(st, ret == VM_FAULT_SIGBUS,
			 "fault beyond the buffer space returned %#x", ret);
	}
	for (i = 0; i < 3; i++) {
		ok = st_user_readable(ua + i * PAGE_SIZE + 7, &byte);
		st_check(st, ok && byte == st_pattern(9, i * PAGE_SIZE + 7),
			 "page %u not readable by the user after a fault", i);
	}
	st_check(st, !st_user_readable(ua + 3 * PAGE_SIZE, &byte),
		 "uncovered page readable by the user");

	st_free(st, buffer);
	for (i = 0; i < 3; i++) {
		st_slot_state(alloc, i, &present, &listed, &mapped);
		st_check(st, present && listed && mapped,
			 "freed page %u: present %d, on LRU %d, mapped %d", i,
			 present, listed, mapped);
	}
	st_check(st, st_user_readable(ua + 7, &byte),
		 "a freed page is no longer mapped");
	ret = swb_alloc_fault_page(alloc, st->vma, ua);
	st_check(st, ret == VM_FAULT_SIGBUS,
		 "fault on a page only on the LRU returned %#x", ret);

	/* As the shrinker: our mmap_lock is busy, so our mapped pages stay. */
	swb_lru_scan(swb_alloc_lru_pages() + alloc->nr_pages, alloc, NULL);
	for (i = 0; i < alloc->nr_pages; i++) {
		st_slot_state(alloc, i, &present, &listed, &mapped);
		if (i < 3)
			ok = st_check(st, present && listed && mapped,
				      "shrinker took mapped page %u without the mmap_lock",
				      i);
		else
			ok = st_check(st, !present && !listed,
				      "shrinker left unmapped page %u: present %d, on LRU %d",
				      i, present, listed);
		if (!ok)
			break;
	}
	st_check(st, st_user_readable(ua + 7, &byte),
		 "a skipped page is no longer mapped");

	/* With the lock: zapped and freed. */
	swb_lru_scan(swb_alloc_lru_pages() + alloc->nr_pages, alloc, alloc->mm);
	for (i = 0; i < 3; i++) {
		st_slot_state(alloc, i, &present, &listed, &mapped);
		st_check(st, !present && !listed && !mapped,
			 "reclaimed page %u: present %d, on LRU %d, mapped %d",
			 i, present, listed, mapped);
		st_check(st, !st_user_readable(ua + i * PAGE_SIZE + 7, &byte),
			 "reclaimed page %u still mapped in userspace", i);
	}

	/* A new buffer there gets a fresh, zeroed page. */
	buffer = st_new(st, 100, 0, 0, false, 1);
	if (!buffer)
		return;
	swb_alloc_copy_from_buffer(alloc, st->scratch, buffer, 0, 104);
	st_check(st, !memchr_inv(st->scratch, 0, 104),
		 "page after reclaim is not zeroed");
	st_free(st, buffer);
	st_check_all_free(st, "after the shrinker");
}

/* Leave the allocator as mmap made it: everything freed, no pages. */
static void st_cleanup(struct swb_st *st)
{
	struct swb_alloc *alloc = st->alloc;
	unsigned int i, left = 0;

	while (st->nr_live)
		st_free(st, st->live[st->nr_live - 1]);
	swb_lru_scan(swb_alloc_lru_pages() + alloc->nr_pages, alloc, alloc->mm);
	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	for (i = 0; i < alloc->nr_pages; i++)
		left += !!alloc->pages[i].page;
	alloc->pages_high = 0;
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
	st_check(st, !left, "%u pages left after the final reclaim", left);
	st_check_all_free(st, "at the end");
}

/**
 * struct swb_alloc_probe - the buffer left for userspace after a pass
 * @work:     polls until page ST_PROBE_LAST was faulted in, then frees @buffer
 * @alloc:    the allocator tested; invariant
 * @buffer:   the probe buffer until @work freed it; NULL afterwards
 * @deadline: jiffies after which @work frees @buffer anyway
 */
struct swb_alloc_probe {
	struct delayed_work work;
	struct swb_alloc *alloc;
	struct swb_buffer *buffer;
	unsigned long deadline;
};

static void st_probe_free(struct work_struct *work)
{
	struct swb_alloc_probe *probe =
		container_of(to_delayed_work(work), struct swb_alloc_probe, work);
	struct swb_alloc *alloc = probe->alloc;
	bool done;

	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	done = !alloc->mapped || alloc->pages[ST_PROBE_LAST].user_mapped;
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
	if (!done && time_before(jiffies, probe->deadline)) {
		schedule_delayed_work(&probe->work, ST_PROBE_POLL);
		return;
	}
	swb_alloc_free_buf(alloc, probe->buffer);
	probe->buffer = NULL;
}

static void st_probe_start(struct swb_st *st)
{
	struct swb_alloc *alloc = st->alloc;
	struct swb_alloc_probe *probe;
	struct swb_buffer *buffer;

	probe = kzalloc(sizeof(*probe), GFP_KERNEL);
	if (!st_check(st, probe, "out of memory for the probe"))
		return;
	buffer = swb_alloc_new_buf(alloc, ST_PROBE_SIZE, 0, 0, false, 1);
	if (!st_check(st, !IS_ERR(buffer), "probe allocation failed")) {
		kfree(probe);
		return;
	}
	st_fill(st, buffer, ST_PROBE_SEED, ST_PROBE_SIZE);
	probe->alloc = alloc;
	probe->buffer = buffer;
	probe->deadline = jiffies + ST_PROBE_TIMEOUT;
	INIT_DELAYED_WORK(&probe->work, st_probe_free);
	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	alloc->probe = probe;
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
	schedule_delayed_work(&probe->work, ST_PROBE_POLL);
}

/* Proc release: the probe's work must not outlive the allocator. */
void swb_alloc_selftest_release(struct swb_alloc *alloc)
{
	struct swb_alloc_probe *probe = alloc->probe;

	if (!probe)
		return;
	cancel_delayed_work_sync(&probe->work);
	if (probe->buffer)
		swb_alloc_free_buf(alloc, probe->buffer);
	alloc->probe = NULL;
	kfree(probe);
}

void swb_alloc_selftest(struct swb_alloc *alloc, struct vm_area_struct *vma)
{
	struct swb_st *st;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (st)
		st->scratch = kmalloc(ST_SCRATCH, GFP_KERNEL);
	if (!st || !st->scratch) {
		pr_err("alloc selftest: FAILED: out of memory\n");
		kfree(st);
		return;
	}
	st->alloc = alloc;
	st->vma = vma;

	if (alloc->nr_pages < ST_MIN_PAGES) {
		st_check(st, false, "mapping of %u pages, need at least %u",
			 alloc->nr_pages, ST_MIN_PAGES);
	} else {
		st_check_all_free(st, "at the start");
		if (!st->failed)
			st_layouts_all(st);
		if (!st->failed)
			st_full(st);
		if (!st->failed)
			st_async(st);
		if (!st->failed)
			st_spam(st);
		if (!st->failed)
			st_prepare_to_free(st);
		if (!st->failed)
			st_sizes(st);
		if (!st->failed)
			st_clear_on_free(st);
		if (!st->failed)
			st_shrinker(st);
		st_cleanup(st);
		if (!st->failed)
			st_probe_start(st);
	}
	if (st->failed)
		pr_err("alloc selftest: FAILED: %s\n", st->why);
	else
		pr_info("alloc selftest: passed (%u checks)\n", st->checks);
	kfree(st->scratch);
	kfree(st);
}
