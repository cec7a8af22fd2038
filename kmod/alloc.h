/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * swbinder: the per-proc buffer allocator.
 *
 * Each proc maps up to 4 MiB of buffer space read-only into its process.
 * Transactions sent to the proc get a buffer carved out of that space; the
 * kernel copies the payload into the buffer's pages and the receiver reads
 * it in place, then hands the buffer back with BC_FREE_BUFFER.
 *
 * The mapping is VM_PFNMAP. Pages are allocated (zeroed) together with the
 * buffer that first covers them, so the kernel can fill them before
 * userspace looks, and a transaction maps a new buffer's pages in one pass
 * (swb_alloc_map_buffer()); the fault handler inserts the page behind an
 * address if, and only if, an allocated buffer covers it, for pages that
 * pass could not map. A page
 * that no allocated buffer covers any more stays mapped and goes onto a
 * global LRU; a shrinker takes pages off that LRU, unmaps them from the
 * user page tables and frees them.
 *
 * Locks, outermost first:
 *   1. mm->mmap_lock      held by the mm core around ->mmap, vm_ops->close
 *                         and faults; the allocator never waits for it, it
 *                         only trylocks it (shrinker, swb_alloc_map_buffer)
 *   2. alloc->mutex       everything in struct swb_alloc, the buffers and the
 *                         page slots of one proc (see the kernel-doc below)
 *   3. swb_lru_lock       (spinlock, alloc_lru.c) the global page LRU list,
 *                         its length, and alloc->lru_busy/lru_releasing
 * The shrinker runs the other way round (LRU lock, then a trylock of the
 * owner's mutex, then a trylock of its mmap_lock), so it never waits for a
 * lock that someone could hold while waiting for it.
 * Nothing here holds a lock across copy_{to,from}_user. Callers must not
 * hold spinlocks when calling the functions that take alloc->mutex.
 */
#ifndef SWB_ALLOC_H
#define SWB_ALLOC_H

#include <linux/list.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/types.h>

#include "lock_timing.h"

struct swb_proc;
struct swb_alloc_probe;

/**
 * struct swb_buffer - one range of a proc's buffer space, free or allocated
 * @entry:        in alloc->buffers, in address order (alloc->mutex)
 * @rb_node:      in alloc->free_buffers (by size, then address) while @free,
 *                else in alloc->allocated_buffers (by address) (alloc->mutex)
 * @user_data:    user address of the first byte (alloc->mutex; invariant
 *                while allocated)
 * @data_size:    requested data size; invariant while allocated
 * @offsets_size: requested offsets array size; invariant while allocated
 * @extra_buffers_size: requested scatter-gather (and security context)
 *                size; invariant while allocated
 * @transaction:  the transaction that owns the buffer, for the caller's use;
 *                NULL when allocated (caller's locking)
 * @target_node:  the node an async transaction went to, for the caller's
 *                use; NULL when allocated (caller's locking)
 * @debug_id:     unique id for log messages; set when allocated
 * @pid:          the sender's pid given to swb_alloc_new_buf(), for oneway
 *                spam accounting (alloc->mutex)
 * @free:         on the free tree (alloc->mutex)
 * @allow_user_free: the receiver may free it with BC_FREE_BUFFER. Set by the
 *                code that hands the buffer to userspace, before userspace
 *                can see its address; read and cleared by
 *                swb_alloc_prepare_to_free() under alloc->mutex
 * @async_transaction: allocated from the async space (alloc->mutex;
 *                invariant while allocated)
 * @clear_on_free: zero the buffer before freeing it (TF_CLEAR_BUF); set by
 *                the caller while it owns the buffer
 * @oneway_spam_suspect: the allocation tripped the oneway spam detector
 *                (set by swb_alloc_new_buf(); invariant while allocated)
 * @map_pending:  some of its pages have no user PTE yet: set by
 *                swb_alloc_new_buf(), cleared by swb_alloc_map_buffer(),
 *                both in the allocating thread, before the buffer is shared
 *
 * Separate bools, not a bitfield: @allow_user_free and @clear_on_free are
 * written by the caller without alloc->mutex, and must not share a word
 * with bits the allocator changes under it.
 */
struct swb_buffer {
	struct list_head entry;
	struct rb_node rb_node;
	unsigned long user_data;
	size_t data_size;
	size_t offsets_size;
	size_t extra_buffers_size;
	void *transaction;
	void *target_node;
	int debug_id;
	pid_t pid;
	bool free;
	bool allow_user_free;
	bool async_transaction;
	bool clear_on_free;
	bool oneway_spam_suspect;
	bool map_pending;
};

/**
 * struct swb_alloc_page - one page slot of the buffer space
 * @lru:         in the global LRU while @page is set and @users is zero
 *               (swb_lru_lock; membership changes only under alloc->mutex
 *               too, so alloc->mutex holders may rely on that rule)
 * @alloc:       owning allocator; invariant
 * @page:        the page, or NULL (alloc->mutex). While @users is non-zero
 *               it cannot change, so the copy helpers read it without a lock
 * @users:       allocated buffers overlapping this page (alloc->mutex)
 * @user_mapped: a user PTE may point at @page (alloc->mutex): set by the
 *               fault handler or swb_alloc_map_buffer(), cleared when the PTE is zapped or the
 *               mapping is gone
 */
struct swb_alloc_page {
	struct list_head lru;
	struct swb_alloc *alloc;
	struct page *page;
	unsigned int users;
	bool user_mapped;
};

/**
 * struct swb_alloc - the buffer allocator of one proc
 * @mutex:        protects every field below unless noted otherwise
 * @mutex_stamp:  when and where @mutex was taken, for the lock_held_long
 *                trace event (@mutex)
 * @proc:         owning proc; invariant
 * @mm:           the opener's mm, pinned with mmgrab() (not mmget()) from
 *                init to release; invariant
 * @vma:          the mapping while @mapped, else NULL
 * @buffer:       user address of the buffer space; set once by mmap
 * @buffer_size:  usable bytes: min(mapping size, 4 MiB); set once by mmap
 * @nr_pages:     @buffer_size in pages; set once by mmap
 * @pages:        @nr_pages page slots; set once by mmap (the array pointer
 *                is invariant afterwards, the slots are documented above)
 * @buffers:      all buffers, free and allocated, in address order
 * @free_buffers: free buffers by size, then address (best fit)
 * @allocated_buffers: allocated buffers by address
 * @free_async_space: bytes still available to async transactions
 * @mapped:       the mapping exists; allocations need it (else -ESRCH)
 * @mapped_once:  mmap succeeded once; a proc is mapped at most once
 * @oneway_spam_detected: a spam suspect was reported; latched until the
 *                async space recovers
 * @quiet:        no oneway spam message (the self-test provokes one)
 * @probe:        self-test only: a buffer left for userspace to read, freed
 *                later by a delayed work (alloc_selftest.c); set in mmap,
 *                cleared in release
 * @buffers_allocated: statistics: allocated buffers
 * @buffers_free: statistics: free buffers
 * @pages_active: statistics: pages covered by allocated buffers
 * @pages_lru:    statistics: pages of this proc on the LRU
 * @pages_high:   statistics: most pages present at once
 * @lru_busy:     shrinker passes working on one of our pages right now
 *                (swb_lru_lock)
 * @lru_releasing: release is waiting for @lru_busy to drop to zero
 *                (swb_lru_lock)
 */
struct swb_alloc {
	struct mutex mutex;
	struct swb_lock_stamp mutex_stamp;
	struct swb_proc *proc;
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	unsigned long buffer;
	size_t buffer_size;
	unsigned int nr_pages;
	struct swb_alloc_page *pages;
	struct list_head buffers;
	struct rb_root free_buffers;
	struct rb_root allocated_buffers;
	size_t free_async_space;
	bool mapped;
	bool mapped_once;
	bool oneway_spam_detected;
	bool quiet;
	struct swb_alloc_probe *probe;
	unsigned int buffers_allocated;
	unsigned int buffers_free;
	unsigned int pages_active;
	unsigned int pages_lru;
	unsigned int pages_high;

	unsigned int lru_busy;
	bool lru_releasing;
};

/**
 * struct swb_alloc_stats - a snapshot of an allocator's counters
 * @buffer_size:       usable bytes of the mapping (0 if never mapped)
 * @free_async_space:  bytes left for async transactions
 * @buffers_allocated: allocated buffers
 * @buffers_free:      free buffers (fragments of the free space)
 * @pages_active:      pages covered by allocated buffers
 * @pages_lru:         pages present but unused, waiting on the LRU
 * @pages_high:        most pages present at once
 */
struct swb_alloc_stats {
	size_t buffer_size;
	size_t free_async_space;
	unsigned int buffers_allocated;
	unsigned int buffers_free;
	unsigned int pages_active;
	unsigned int pages_lru;
	unsigned int pages_high;
};

/**
 * swb_alloc_module_init() - set up the buffer cache and the page shrinker
 *
 * Return: 0 or -ENOMEM.
 */
int swb_alloc_module_init(void);

/**
 * swb_alloc_module_exit() - undo swb_alloc_module_init()
 *
 * Every proc must have been released before.
 */
void swb_alloc_module_exit(void);

/**
 * swb_alloc_init() - initialise the allocator of a new proc
 * @alloc: the allocator, embedded in @proc
 * @proc:  the proc being opened
 *
 * Runs in the opener's context and pins its mm (mmgrab), which mmap must
 * match. Cannot fail.
 */
void swb_alloc_init(struct swb_alloc *alloc, struct swb_proc *proc);

/**
 * swb_alloc_mmap() - set up the buffer space in a new mapping
 * @alloc: the proc's allocator
 * @vma:   the mapping, already checked and flagged by swb_mmap()
 *
 * Uses the first min(size, 4 MiB) bytes of @vma as one free buffer;
 * half of that is available to async transactions. Runs the allocator
 * self-test when the alloc_selftest parameter is set.
 *
 * Return: 0; -EINVAL if @vma is not in the opener's mm; -EBUSY if the proc
 * was mapped before; -ENOMEM.
 */
int swb_alloc_mmap(struct swb_alloc *alloc, struct vm_area_struct *vma);

/**
 * swb_alloc_vma_close() - the mapping went away
 * @alloc: the proc's allocator
 *
 * Later allocations fail with -ESRCH. Buffers and pages stay until they are
 * freed or the proc is released.
 */
void swb_alloc_vma_close(struct swb_alloc *alloc);

/**
 * swb_alloc_vm_fault() - handle a fault in the proc's mapping
 * @alloc: the proc's allocator
 * @vmf:   the fault
 *
 * Return: VM_FAULT_NOPAGE once the page is mapped, VM_FAULT_SIGBUS if no
 * allocated buffer covers it, VM_FAULT_OOM if page tables could not be
 * allocated.
 */
vm_fault_t swb_alloc_vm_fault(struct swb_alloc *alloc, struct vm_fault *vmf);

/**
 * swb_alloc_release() - free all buffers and pages of a proc being torn down
 * @alloc: the proc's allocator
 *
 * The mapping is gone by now (it holds a file reference). Waits for a
 * shrinker that is working on one of our pages, then unpins the mm.
 */
void swb_alloc_release(struct swb_alloc *alloc);

/**
 * swb_alloc_new_buf() - allocate a buffer for a transaction to this proc
 * @alloc:              the receiving proc's allocator
 * @data_size:          bytes of data (untrusted)
 * @offsets_size:       bytes of the offsets array (untrusted)
 * @extra_buffers_size: bytes of scatter-gather buffers and security
 *                      context (untrusted)
 * @is_async:           a oneway transaction: charged to the async space
 * @sender_pid:         the sending process, for oneway spam detection
 *
 * The buffer takes ALIGN(@data_size, 8) + ALIGN(@offsets_size, 8) +
 * ALIGN(@extra_buffers_size, 8) bytes, at least sizeof(void *) so every
 * buffer has its own address, from the best-fitting free buffer (smallest,
 * then lowest address). The pages it covers are present and zeroed or
 * reused from this proc. @oneway_spam_suspect is set on the first async
 * allocation by a sender holding too much of a nearly exhausted async
 * space (more than 50 buffers or a quarter of the buffer space, once less
 * than a tenth of it is left for async). May sleep.
 *
 * Return: the buffer, or ERR_PTR(-ESRCH) if the proc has no mapping,
 * -EINVAL if the size overflows, -ENOSPC if it does not fit (for async,
 * also if the async space is short), -ENOMEM.
 */
struct swb_buffer *swb_alloc_new_buf(struct swb_alloc *alloc,
				     size_t data_size, size_t offsets_size,
				     size_t extra_buffers_size, bool is_async,
				     pid_t sender_pid);

/**
 * swb_alloc_map_buffer() - map a new buffer's pages into the receiver
 * @alloc:  the receiving proc's allocator
 * @buffer: a buffer just returned by swb_alloc_new_buf()
 *
 * Inserts the user PTEs of the pages of @buffer that are not mapped yet, in
 * one pass under the owner's mmap_lock, so the receiver takes no fault per
 * page on first touch. Pages a freed buffer left mapped (the allocator
 * reuses the lowest addresses first) need nothing, and then no mmap_lock
 * is taken. Best effort: a page left unmapped (the mapping going away, no
 * memory for a page table) is mapped by the fault handler as before. Must
 * not be called with the owner's mmap_lock held (so not from ->mmap: the
 * self-test). May sleep.
 */
void swb_alloc_map_buffer(struct swb_alloc *alloc, struct swb_buffer *buffer);

/**
 * swb_alloc_free_buf() - give a buffer back
 * @alloc:  the allocator it came from
 * @buffer: an allocated buffer; it must not be used afterwards
 *
 * Zeroes the buffer first if @buffer->clear_on_free is set, returns its
 * async charge, merges it with free neighbours and moves the pages no
 * other buffer covers to the LRU (they stay mapped until reclaimed).
 * May sleep.
 */
void swb_alloc_free_buf(struct swb_alloc *alloc, struct swb_buffer *buffer);

/**
 * swb_alloc_prepare_to_free() - look up a buffer named by BC_FREE_BUFFER
 * @alloc:    the allocator of the proc freeing it
 * @user_ptr: user address the process passed (untrusted)
 *
 * Finds the allocated buffer that starts exactly at @user_ptr. If it is
 * freeable (@allow_user_free), clears @allow_user_free, so a second
 * BC_FREE_BUFFER for the same buffer fails, and returns it; the caller then
 * releases its contents and calls swb_alloc_free_buf(). May sleep.
 *
 * Return: the buffer; ERR_PTR(-EPERM) if it exists but userspace may not
 * free it (not delivered yet, or already being freed); NULL if no allocated
 * buffer starts at @user_ptr.
 */
struct swb_buffer *swb_alloc_prepare_to_free(struct swb_alloc *alloc,
					     unsigned long user_ptr);

/**
 * swb_alloc_copy_user_to_buffer() - copy from userspace into a buffer
 * @alloc:  the buffer's allocator
 * @buffer: an allocated buffer
 * @offset: where in the buffer to start
 * @from:   user source (untrusted)
 * @bytes:  how many bytes
 *
 * Copies page by page with no lock held, so a fault on @from is fine.
 *
 * Return: bytes not copied, as copy_from_user(); all of @bytes if
 * @offset + @bytes is beyond the buffer's total size.
 */
unsigned long swb_alloc_copy_user_to_buffer(struct swb_alloc *alloc,
					    struct swb_buffer *buffer,
					    size_t offset,
					    const void __user *from,
					    size_t bytes);

/**
 * swb_alloc_copy_to_buffer() - copy kernel data into a buffer
 * @alloc:  the buffer's allocator
 * @buffer: an allocated buffer
 * @offset: where in the buffer to start
 * @src:    source
 * @bytes:  how many bytes
 *
 * Return: 0, or -EINVAL if the range is not inside the buffer.
 */
int swb_alloc_copy_to_buffer(struct swb_alloc *alloc,
			     struct swb_buffer *buffer, size_t offset,
			     const void *src, size_t bytes);

/**
 * swb_alloc_copy_from_buffer() - copy data out of a buffer
 * @alloc:  the buffer's allocator
 * @dst:    destination
 * @buffer: an allocated buffer
 * @offset: where in the buffer to start
 * @bytes:  how many bytes
 *
 * Return: 0, or -EINVAL if the range is not inside the buffer.
 */
int swb_alloc_copy_from_buffer(struct swb_alloc *alloc, void *dst,
			       struct swb_buffer *buffer, size_t offset,
			       size_t bytes);

/**
 * swb_alloc_free_async_space() - bytes still available to async buffers
 * @alloc: the allocator
 *
 * Return: the async space left; a snapshot.
 */
size_t swb_alloc_free_async_space(struct swb_alloc *alloc);

/**
 * swb_alloc_get_stats() - snapshot of an allocator's counters
 * @alloc: the allocator
 * @stats: filled in
 */
void swb_alloc_get_stats(struct swb_alloc *alloc,
			 struct swb_alloc_stats *stats);

/**
 * swb_alloc_lru_pages() - pages on the global LRU, all procs together
 *
 * Return: the count; a snapshot.
 */
unsigned long swb_alloc_lru_pages(void);

/* The mapping's operations (mmap.c); the shrinker recognises our VMA by them. */
extern const struct vm_operations_struct swb_vm_ops;

/*
 * Between alloc.c, alloc_lru.c and alloc_selftest.c only.
 */

/* Fault handler body; the self-test calls it with a VMA not yet linked. */
vm_fault_t swb_alloc_fault_page(struct swb_alloc *alloc,
				struct vm_area_struct *vma,
				unsigned long address);

/* alloc_lru.c; the _locked ones need page->alloc->mutex. */
int swb_lru_init(void);
void swb_lru_exit(void);
void swb_lru_add_locked(struct swb_alloc_page *page);
void swb_lru_del_locked(struct swb_alloc_page *page);
void swb_lru_detach_alloc_locked(struct swb_alloc *alloc);
void swb_lru_wait_idle(struct swb_alloc *alloc);
bool swb_lru_page_listed(struct swb_alloc_page *page);
unsigned long swb_lru_scan(unsigned long nr_to_scan, struct swb_alloc *only,
			   struct mm_struct *mm_held);

/* alloc_selftest.c */
bool swb_alloc_selftest_enabled(void);
void swb_alloc_selftest(struct swb_alloc *alloc, struct vm_area_struct *vma);
void swb_alloc_selftest_release(struct swb_alloc *alloc);

#endif /* SWB_ALLOC_H */
