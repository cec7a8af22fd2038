// SPDX-License-Identifier: GPL-2.0-only
/*
 * The global LRU of buffer pages that no allocated buffer covers, and the
 * shrinker that frees them under memory pressure.
 *
 * A page on the LRU may still be mapped in its process (pages stay mapped
 * when their buffer is freed, so a reused page costs no fault). Before it
 * is freed, its user PTE is zapped (swb_zap_pfn_range, compat.h), which
 * needs the owner's mmap_lock; the shrinker only ever trylocks that and the owner's
 * alloc->mutex, and skips the page when either is busy.
 *
 * Lifetime: an allocator cannot go away while any of its pages is on the
 * list (release takes them off under swb_lru_lock), and a shrinker pass
 * that took a page off counts itself in alloc->lru_busy until it is done
 * with the allocator; release waits for that count to drop to zero.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/list.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/sched/mm.h>
#include <linux/shrinker.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include "swbinder.h"
#include "compat.h"

/*
 * Protects swb_lru_list, swb_lru_count, every page's lru entry, and
 * alloc->lru_busy and alloc->lru_releasing of every allocator.
 */
static DEFINE_SPINLOCK(swb_lru_lock);
static struct swb_lock_stamp swb_lru_stamp;	/* swb_lru_lock, lock_timing.h */
static LIST_HEAD(swb_lru_list);
static unsigned long swb_lru_count;
/* Release waits here for shrinker passes that still use its allocator. */
static DECLARE_WAIT_QUEUE_HEAD(swb_lru_idle_wait);
static struct shrinker *swb_shrinker;

void swb_lru_add_locked(struct swb_alloc_page *page)
{
	swb_spin_lock_timed(&swb_lru_lock, &swb_lru_stamp);
	list_add_tail(&page->lru, &swb_lru_list);
	swb_lru_count++;
	swb_spin_unlock_timed(&swb_lru_lock, &swb_lru_stamp, SWB_LOCK_LRU);
	page->alloc->pages_lru++;
}

void swb_lru_del_locked(struct swb_alloc_page *page)
{
	swb_spin_lock_timed(&swb_lru_lock, &swb_lru_stamp);
	list_del_init(&page->lru);
	swb_lru_count--;
	swb_spin_unlock_timed(&swb_lru_lock, &swb_lru_stamp, SWB_LOCK_LRU);
	page->alloc->pages_lru--;
}

/* Release: take all of @alloc's pages off the list; no pass can find it after this. */
void swb_lru_detach_alloc_locked(struct swb_alloc *alloc)
{
	struct swb_alloc_page *page;
	unsigned int i;

	swb_spin_lock_timed(&swb_lru_lock, &swb_lru_stamp);
	for (i = 0; i < alloc->nr_pages; i++) {
		page = &alloc->pages[i];
		if (page->page && !page->users) {
			list_del_init(&page->lru);
			swb_lru_count--;
		}
	}
	alloc->lru_releasing = true;
	swb_spin_unlock_timed(&swb_lru_lock, &swb_lru_stamp, SWB_LOCK_LRU);
	alloc->pages_lru = 0;
}

static bool swb_lru_alloc_idle(struct swb_alloc *alloc)
{
	bool idle;

	swb_spin_lock_timed(&swb_lru_lock, &swb_lru_stamp);
	idle = !alloc->lru_busy;
	swb_spin_unlock_timed(&swb_lru_lock, &swb_lru_stamp, SWB_LOCK_LRU);
	return idle;
}

void swb_lru_wait_idle(struct swb_alloc *alloc)
{
	wait_event(swb_lru_idle_wait, swb_lru_alloc_idle(alloc));
}

/* For the self-test: is the page on the list right now? */
bool swb_lru_page_listed(struct swb_alloc_page *page)
{
	bool listed;

	swb_spin_lock_timed(&swb_lru_lock, &swb_lru_stamp);
	listed = !list_empty(&page->lru);
	swb_spin_unlock_timed(&swb_lru_lock, &swb_lru_stamp, SWB_LOCK_LRU);
	return listed;
}

unsigned long swb_alloc_lru_pages(void)
{
	return READ_ONCE(swb_lru_count);
}

/*
 * Unmap and free one page taken off the list. Called with alloc->mutex
 * held. Returns false if the user PTE cannot be dealt with now; the page
 * then goes back on the list. *mmp gets an mm reference for the caller to
 * drop (mmput_async) once it holds no lock.
 *
 * @mm_held is an mm whose mmap_lock the caller holds for writing (the
 * self-test inside ->mmap, where the VMA is not in the mm's tree yet).
 */
static bool swb_lru_reclaim_page(struct swb_alloc *alloc,
				 struct swb_alloc_page *page,
				 struct mm_struct *mm_held,
				 struct mm_struct **mmp)
{
	unsigned long index = page - alloc->pages;
	unsigned long address = alloc->buffer + (index << PAGE_SHIFT);
	struct mm_struct *mm = alloc->mm;
	struct vm_area_struct *vma;

	/* Never faulted in, or the mapping is gone: no PTE to zap. */
	if (!page->user_mapped || !alloc->mapped)
		goto free;

	if (mm == mm_held) {
		vma = alloc->vma;
	} else {
		/* No users left: nothing can reach the PTE before exit_mmap clears it. */
		if (!mmget_not_zero(mm))
			goto free;
		*mmp = mm;
		if (!mmap_read_trylock(mm))
			return false;
		/*
		 * alloc->vma stays valid while we hold alloc->mutex (its
		 * ->close needs it), but a munmap that downgraded mmap_lock
		 * may have taken it out of the tree and be freeing its page
		 * tables: only zap it while it is still in place.
		 */
		vma = vma_lookup(mm, address);
		if (!vma || vma != alloc->vma || vma->vm_ops != &swb_vm_ops) {
			mmap_read_unlock(mm);
			return false;
		}
	}
	swb_zap_pfn_range(vma, address, PAGE_SIZE);
	if (mm != mm_held)
		mmap_read_unlock(mm);
free:
	page->user_mapped = false;
	__free_page(page->page);
	page->page = NULL;
	alloc->pages_lru--;
	return true;
}

/**
 * swb_lru_scan() - try to free pages from the head of the LRU
 * @nr_to_scan: how many list entries to look at
 * @only:       free only this allocator's pages (self-test), or NULL
 * @mm_held:    an mm whose mmap_lock the caller holds for writing, or NULL
 *
 * Pages whose owner is busy (or not @only) are moved to the tail.
 *
 * Return: the number of pages freed.
 */
unsigned long swb_lru_scan(unsigned long nr_to_scan, struct swb_alloc *only,
			   struct mm_struct *mm_held)
{
	struct swb_alloc_page *page;
	struct swb_alloc *alloc;
	struct mm_struct *mm;
	unsigned long freed = 0;
	bool done;

	swb_spin_lock_timed(&swb_lru_lock, &swb_lru_stamp);
	for (; nr_to_scan && !list_empty(&swb_lru_list); nr_to_scan--) {
		page = list_first_entry(&swb_lru_list, struct swb_alloc_page, lru);
		alloc = page->alloc;
		if ((only && alloc != only) || !swb_mutex_trylock_timed(&alloc->mutex, &alloc->mutex_stamp)) {
			list_move_tail(&page->lru, &swb_lru_list);
			continue;
		}
		list_del_init(&page->lru);
		swb_lru_count--;
		alloc->lru_busy++;
		swb_spin_unlock_timed(&swb_lru_lock, &swb_lru_stamp, SWB_LOCK_LRU);

		mm = NULL;
		done = swb_lru_reclaim_page(alloc, page, mm_held, &mm);
		if (done) {
			freed++;
		} else {
			swb_spin_lock_timed(&swb_lru_lock, &swb_lru_stamp);
			list_add_tail(&page->lru, &swb_lru_list);
			swb_lru_count++;
			swb_spin_unlock_timed(&swb_lru_lock, &swb_lru_stamp, SWB_LOCK_LRU);
		}
		swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
		/* Never mmput() here: the last put could close our VMA. */
		if (mm)
			mmput_async(mm);

		swb_spin_lock_timed(&swb_lru_lock, &swb_lru_stamp);
		/* Last touch of alloc; release may free it once this is zero. */
		if (!--alloc->lru_busy && alloc->lru_releasing)
			wake_up_all(&swb_lru_idle_wait);
	}
	swb_spin_unlock_timed(&swb_lru_lock, &swb_lru_stamp, SWB_LOCK_LRU);
	return freed;
}

static unsigned long swb_lru_shrink_count(struct shrinker *shrinker,
					  struct shrink_control *sc)
{
	unsigned long count = READ_ONCE(swb_lru_count);

	return count ? count : SHRINK_EMPTY;
}

static unsigned long swb_lru_shrink_scan(struct shrinker *shrinker,
					 struct shrink_control *sc)
{
	return swb_lru_scan(sc->nr_to_scan, NULL, NULL);
}

int swb_lru_init(void)
{
	swb_shrinker = swb_shrinker_create("swbinder-pages",
					   swb_lru_shrink_count,
					   swb_lru_shrink_scan);
	if (!swb_shrinker) {
		pr_err("cannot register the buffer page shrinker\n");
		return -ENOMEM;
	}
	return 0;
}

void swb_lru_exit(void)
{
	swb_shrinker_destroy(swb_shrinker);
}
