// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-proc buffer allocator: buffers carved out of the proc's mapping,
 * the pages behind them, the fault handler that maps those pages, and the
 * copy helpers. The page LRU and its shrinker are in alloc_lru.c; the
 * locking rules are at the top of alloc.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "swbinder.h"
#include "stats.h"
#include "fault_inject.h"

/* Upstream's limit: the rest of a larger mapping stays unused. */
#define SWB_ALLOC_MAX_SIZE	SZ_4M

/* Oneway spam detection thresholds, as upstream. */
#define SWB_SPAM_MAX_BUFFERS	50

static struct kmem_cache *swb_buffer_cache;
static atomic_t swb_buffer_last_id = ATOMIC_INIT(0);

/* Bytes a buffer spans: up to the next buffer, or to the end of the space. */
static size_t swb_buffer_size_locked(const struct swb_alloc *alloc,
				     const struct swb_buffer *buffer)
{
	if (list_is_last(&buffer->entry, &alloc->buffers))
		return alloc->buffer + alloc->buffer_size - buffer->user_data;
	return list_next_entry(buffer, entry)->user_data - buffer->user_data;
}

/* Add @size rounded up to 8 to @total; false on overflow. */
static bool swb_add_aligned(size_t *total, size_t size)
{
	size_t aligned = ALIGN(size, sizeof(u64));

	if (aligned < size)
		return false;
	return !check_add_overflow(*total, aligned, total);
}

/* The bytes a buffer with these (untrusted) sizes takes; false on overflow. */
static bool swb_alloc_size(size_t data_size, size_t offsets_size,
			   size_t extra_buffers_size, size_t *size)
{
	*size = 0;
	if (!swb_add_aligned(size, data_size) ||
	    !swb_add_aligned(size, offsets_size) ||
	    !swb_add_aligned(size, extra_buffers_size))
		return false;
	/* Even an empty buffer gets its own address. */
	*size = max_t(size_t, *size, sizeof(void *));
	return true;
}

/* Total size of an allocated buffer; its sizes passed swb_alloc_size(). */
static size_t swb_buffer_total(const struct swb_buffer *buffer)
{
	size_t size;

	if (!swb_alloc_size(buffer->data_size, buffer->offsets_size,
			    buffer->extra_buffers_size, &size))
		return 0;
	return size;
}

static void swb_free_tree_insert_locked(struct swb_alloc *alloc,
					struct swb_buffer *new)
{
	struct rb_node **p = &alloc->free_buffers.rb_node, *parent = NULL;
	size_t size = swb_buffer_size_locked(alloc, new);
	struct swb_buffer *buffer;
	size_t buffer_size;

	while (*p) {
		parent = *p;
		buffer = rb_entry(parent, struct swb_buffer, rb_node);
		buffer_size = swb_buffer_size_locked(alloc, buffer);
		if (size < buffer_size ||
		    (size == buffer_size && new->user_data < buffer->user_data))
			p = &parent->rb_left;
		else
			p = &parent->rb_right;
	}
	rb_link_node(&new->rb_node, parent, p);
	rb_insert_color(&new->rb_node, &alloc->free_buffers);
}

static void swb_allocated_insert_locked(struct swb_alloc *alloc,
					struct swb_buffer *new)
{
	struct rb_node **p = &alloc->allocated_buffers.rb_node, *parent = NULL;
	struct swb_buffer *buffer;

	while (*p) {
		parent = *p;
		buffer = rb_entry(parent, struct swb_buffer, rb_node);
		p = new->user_data < buffer->user_data ?
			&parent->rb_left : &parent->rb_right;
	}
	rb_link_node(&new->rb_node, parent, p);
	rb_insert_color(&new->rb_node, &alloc->allocated_buffers);
}

static struct swb_buffer *swb_allocated_find_locked(struct swb_alloc *alloc,
						    unsigned long user_data)
{
	struct rb_node *n = alloc->allocated_buffers.rb_node;
	struct swb_buffer *buffer;

	while (n) {
		buffer = rb_entry(n, struct swb_buffer, rb_node);
		if (user_data < buffer->user_data)
			n = n->rb_left;
		else if (user_data > buffer->user_data)
			n = n->rb_right;
		else
			return buffer;
	}
	return NULL;
}

/* The smallest free buffer of at least @size bytes, lowest address first. */
static struct swb_buffer *swb_best_fit_locked(struct swb_alloc *alloc,
					      size_t size)
{
	struct rb_node *n = alloc->free_buffers.rb_node;
	struct swb_buffer *buffer, *best = NULL;

	while (n) {
		buffer = rb_entry(n, struct swb_buffer, rb_node);
		if (swb_buffer_size_locked(alloc, buffer) >= size) {
			best = buffer;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}

/* Page slots covering [start, start + size); size > 0. */
static void swb_page_range(const struct swb_alloc *alloc, unsigned long start,
			   size_t size, unsigned int *first, unsigned int *last)
{
	*first = (start - alloc->buffer) >> PAGE_SHIFT;
	*last = (start + size - 1 - alloc->buffer) >> PAGE_SHIFT;
}

/* One buffer less covers pages first..last; unused pages go to the LRU. */
static void swb_pages_put_locked(struct swb_alloc *alloc, unsigned int first,
				 unsigned int last)
{
	struct swb_alloc_page *slot;
	unsigned int i;

	for (i = first; i <= last; i++) {
		slot = &alloc->pages[i];
		if (--slot->users)
			continue;
		alloc->pages_active--;
		swb_lru_add_locked(slot);
	}
}

/*
 * One buffer more covers pages first..last: each must be present, taken
 * off the LRU or freshly allocated and zeroed. Allocating under the mutex
 * is fine: the shrinker only trylocks it.
 */
static int swb_pages_get_locked(struct swb_alloc *alloc, unsigned int first,
				unsigned int last)
{
	struct swb_alloc_page *slot;
	unsigned int i;

	for (i = first; i <= last; i++) {
		slot = &alloc->pages[i];
		if (!slot->users) {
			if (slot->page) {
				swb_lru_del_locked(slot);
			} else {
				slot->page = swb_alloc_page(GFP_KERNEL | __GFP_ZERO);
				if (!slot->page) {
					if (i > first)
						swb_pages_put_locked(alloc, first, i - 1);
					return -ENOMEM;
				}
			}
			alloc->pages_active++;
			alloc->pages_high = max(alloc->pages_high,
						alloc->pages_active + alloc->pages_lru);
		}
		slot->users++;
	}
	return 0;
}

/* Does any of pages first..last still wait for its first user PTE? */
static bool swb_pages_unmapped_locked(struct swb_alloc *alloc, unsigned int first,
				      unsigned int last)
{
	unsigned int i;

	for (i = first; i <= last; i++)
		if (!alloc->pages[i].user_mapped)
			return true;
	return false;
}

/*
 * Called with free space for async below a tenth of the buffer space:
 * does @pid hold more than its share? Reports a suspect only once until
 * the async space recovers.
 */
static bool swb_oneway_spam_locked(struct swb_alloc *alloc, pid_t pid)
{
	struct swb_buffer *buffer;
	unsigned int count = 0;
	size_t total = 0;
	struct rb_node *n;

	for (n = rb_first(&alloc->allocated_buffers); n; n = rb_next(n)) {
		buffer = rb_entry(n, struct swb_buffer, rb_node);
		if (buffer->pid != pid || !buffer->async_transaction)
			continue;
		count++;
		total += swb_buffer_size_locked(alloc, buffer);
	}
	if (count <= SWB_SPAM_MAX_BUFFERS && total <= alloc->buffer_size / 4)
		return false;
	if (alloc->oneway_spam_detected)
		return false;
	alloc->oneway_spam_detected = true;
	/* Once per episode (upstream logs every allocation while it lasts). */
	if (!alloc->quiet)
		pr_info_ratelimited("%d: pid %d spamming oneway? %u buffers allocated for a total size of %zu\n",
				    alloc->proc->pid, pid, count, total);
	return true;
}

static void swb_no_space_debug_locked(struct swb_alloc *alloc, size_t size,
				      bool is_async)
{
	struct rb_node *last = rb_last(&alloc->free_buffers);
	size_t largest = 0;

	if (last)
		largest = swb_buffer_size_locked(alloc,
				rb_entry(last, struct swb_buffer, rb_node));
	pr_debug_ratelimited("%d: no space for a %zu byte %s buffer: largest free %zu, %u allocated, %u free buffers, async space %zu\n",
			     alloc->proc->pid, size, is_async ? "async" : "sync",
			     largest, alloc->buffers_allocated,
			     alloc->buffers_free, alloc->free_async_space);
}

struct swb_buffer *swb_alloc_new_buf(struct swb_alloc *alloc,
				     size_t data_size, size_t offsets_size,
				     size_t extra_buffers_size, bool is_async,
				     pid_t sender_pid)
{
	struct swb_buffer *buffer, *spare;
	unsigned int first, last;
	size_t size, free_size;
	int ret;

	/* The remainder of a split; allocated up front so nothing fails late. */
	spare = swb_kmem_cache_zalloc(swb_buffer_cache, GFP_KERNEL);
	if (!spare)
		return ERR_PTR(-ENOMEM);

	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	if (!alloc->mapped) {
		pr_debug_ratelimited("%d: no mapping to allocate a buffer from\n",
				     alloc->proc->pid);
		ret = -ESRCH;
		goto err;
	}
	if (!swb_alloc_size(data_size, offsets_size, extra_buffers_size, &size)) {
		pr_debug_ratelimited("%d: buffer size overflows: %zu + %zu + %zu\n",
				     alloc->proc->pid, data_size, offsets_size,
				     extra_buffers_size);
		ret = -EINVAL;
		goto err;
	}
	if (is_async && alloc->free_async_space < size) {
		pr_debug_ratelimited("%d: no async space for %zu bytes, %zu left\n",
				     alloc->proc->pid, size,
				     alloc->free_async_space);
		ret = -ENOSPC;
		goto err;
	}
	buffer = swb_best_fit_locked(alloc, size);
	if (!buffer) {
		swb_no_space_debug_locked(alloc, size, is_async);
		ret = -ENOSPC;
		goto err;
	}
	swb_page_range(alloc, buffer->user_data, size, &first, &last);
	ret = swb_pages_get_locked(alloc, first, last);
	if (ret)
		goto err;
	buffer->map_pending = swb_pages_unmapped_locked(alloc, first, last);

	/* Sizes change below: leave the size-ordered tree first. */
	rb_erase(&buffer->rb_node, &alloc->free_buffers);
	free_size = swb_buffer_size_locked(alloc, buffer);
	if (free_size > size) {
		spare->user_data = buffer->user_data + size;
		spare->free = true;
		list_add(&spare->entry, &buffer->entry);
		swb_free_tree_insert_locked(alloc, spare);
		spare = NULL;
	} else {
		alloc->buffers_free--;
	}
	alloc->buffers_allocated++;
	swb_stat_created(SWB_STAT_BUFFER);

	buffer->free = false;
	buffer->data_size = data_size;
	buffer->offsets_size = offsets_size;
	buffer->extra_buffers_size = extra_buffers_size;
	buffer->transaction = NULL;
	buffer->target_node = NULL;
	buffer->debug_id = atomic_inc_return(&swb_buffer_last_id);
	buffer->pid = sender_pid;
	buffer->allow_user_free = false;
	buffer->async_transaction = is_async;
	buffer->clear_on_free = false;
	buffer->oneway_spam_suspect = false;
	swb_allocated_insert_locked(alloc, buffer);

	if (is_async) {
		alloc->free_async_space -= size;
		/* Under 10% of the total (20% of async) left: look for spammers. */
		if (alloc->free_async_space < alloc->buffer_size / 10)
			buffer->oneway_spam_suspect =
				swb_oneway_spam_locked(alloc, sender_pid);
		else
			alloc->oneway_spam_detected = false;
	}
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
	if (spare)
		kmem_cache_free(swb_buffer_cache, spare);
	return buffer;

err:
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
	kmem_cache_free(swb_buffer_cache, spare);
	return ERR_PTR(ret);
}

/* Merge a just-freed buffer with free neighbours and file it as free. */
static void swb_buffer_coalesce_locked(struct swb_alloc *alloc,
				       struct swb_buffer *buffer)
{
	struct swb_buffer *next, *prev;

	if (!list_is_last(&buffer->entry, &alloc->buffers)) {
		next = list_next_entry(buffer, entry);
		if (next->free) {
			rb_erase(&next->rb_node, &alloc->free_buffers);
			list_del(&next->entry);
			kmem_cache_free(swb_buffer_cache, next);
			alloc->buffers_free--;
		}
	}
	if (!list_is_first(&buffer->entry, &alloc->buffers)) {
		prev = list_prev_entry(buffer, entry);
		if (prev->free) {
			/* prev grows: take it out of the size order first. */
			rb_erase(&prev->rb_node, &alloc->free_buffers);
			list_del(&buffer->entry);
			kmem_cache_free(swb_buffer_cache, buffer);
			alloc->buffers_free--;
			buffer = prev;
		}
	}
	swb_free_tree_insert_locked(alloc, buffer);
}

static void swb_free_buf_locked(struct swb_alloc *alloc,
				struct swb_buffer *buffer)
{
	size_t size = swb_buffer_size_locked(alloc, buffer);
	unsigned int first, last;

	if (buffer->async_transaction)
		alloc->free_async_space += size;
	swb_page_range(alloc, buffer->user_data, size, &first, &last);
	swb_pages_put_locked(alloc, first, last);

	rb_erase(&buffer->rb_node, &alloc->allocated_buffers);
	alloc->buffers_allocated--;
	swb_stat_deleted(SWB_STAT_BUFFER);
	alloc->buffers_free++;
	buffer->free = true;
	buffer->transaction = NULL;
	buffer->target_node = NULL;
	buffer->allow_user_free = false;
	buffer->async_transaction = false;
	buffer->oneway_spam_suspect = false;
	buffer->map_pending = false;
	swb_buffer_coalesce_locked(alloc, buffer);
}

/* The page behind @offset of an allocated buffer, and the offset in it. */
static struct page *swb_buffer_page(struct swb_alloc *alloc,
				    struct swb_buffer *buffer, size_t offset,
				    size_t *page_offset)
{
	unsigned long pos = buffer->user_data - alloc->buffer + offset;

	*page_offset = pos & ~PAGE_MASK;
	/* Pages of an allocated buffer stay put until it is freed. */
	return alloc->pages[pos >> PAGE_SHIFT].page;
}

static bool swb_buffer_range_ok(const struct swb_buffer *buffer, size_t offset,
				size_t bytes)
{
	size_t total = swb_buffer_total(buffer);

	return bytes <= total && offset <= total - bytes;
}

static void swb_buffer_clear(struct swb_alloc *alloc, struct swb_buffer *buffer)
{
	size_t bytes = swb_buffer_total(buffer), offset = 0, page_offset, chunk;
	struct page *page;

	while (bytes) {
		page = swb_buffer_page(alloc, buffer, offset, &page_offset);
		chunk = min_t(size_t, bytes, PAGE_SIZE - page_offset);
		memzero_page(page, page_offset, chunk);
		bytes -= chunk;
		offset += chunk;
	}
}

void swb_alloc_free_buf(struct swb_alloc *alloc, struct swb_buffer *buffer)
{
	/* The pages cannot go away while the buffer is allocated. */
	if (buffer->clear_on_free) {
		swb_buffer_clear(alloc, buffer);
		buffer->clear_on_free = false;
	}
	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	if (buffer->free)
		pr_err_ratelimited("%d: buffer %d freed twice\n",
				   alloc->proc->pid, buffer->debug_id);
	else
		swb_free_buf_locked(alloc, buffer);
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
}

struct swb_buffer *swb_alloc_prepare_to_free(struct swb_alloc *alloc,
					     unsigned long user_ptr)
{
	struct swb_buffer *buffer;

	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	buffer = swb_allocated_find_locked(alloc, user_ptr);
	if (buffer) {
		if (READ_ONCE(buffer->allow_user_free))
			WRITE_ONCE(buffer->allow_user_free, false);
		else
			buffer = ERR_PTR(-EPERM);
	}
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
	return buffer;
}

unsigned long swb_alloc_copy_user_to_buffer(struct swb_alloc *alloc,
					    struct swb_buffer *buffer,
					    size_t offset,
					    const void __user *from,
					    size_t bytes)
{
	size_t page_offset, chunk;
	unsigned long left;
	struct page *page;
	void *kaddr;

	if (!swb_buffer_range_ok(buffer, offset, bytes))
		return bytes;
	while (bytes) {
		page = swb_buffer_page(alloc, buffer, offset, &page_offset);
		chunk = min_t(size_t, bytes, PAGE_SIZE - page_offset);
		kaddr = kmap_local_page(page);
		left = copy_from_user(kaddr + page_offset, from, chunk);
		kunmap_local(kaddr);
		if (left)
			return bytes - chunk + left;
		bytes -= chunk;
		offset += chunk;
		from += chunk;
	}
	return 0;
}

int swb_alloc_copy_to_buffer(struct swb_alloc *alloc,
			     struct swb_buffer *buffer, size_t offset,
			     const void *src, size_t bytes)
{
	size_t page_offset, chunk;
	struct page *page;

	if (!swb_buffer_range_ok(buffer, offset, bytes))
		return -EINVAL;
	while (bytes) {
		page = swb_buffer_page(alloc, buffer, offset, &page_offset);
		chunk = min_t(size_t, bytes, PAGE_SIZE - page_offset);
		memcpy_to_page(page, page_offset, src, chunk);
		bytes -= chunk;
		offset += chunk;
		src += chunk;
	}
	return 0;
}

int swb_alloc_copy_from_buffer(struct swb_alloc *alloc, void *dst,
			       struct swb_buffer *buffer, size_t offset,
			       size_t bytes)
{
	size_t page_offset, chunk;
	struct page *page;

	if (!swb_buffer_range_ok(buffer, offset, bytes))
		return -EINVAL;
	while (bytes) {
		page = swb_buffer_page(alloc, buffer, offset, &page_offset);
		chunk = min_t(size_t, bytes, PAGE_SIZE - page_offset);
		memcpy_from_page(dst, page, page_offset, chunk);
		bytes -= chunk;
		offset += chunk;
		dst += chunk;
	}
	return 0;
}

size_t swb_alloc_free_async_space(struct swb_alloc *alloc)
{
	size_t space;

	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	space = alloc->free_async_space;
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
	return space;
}

void swb_alloc_get_stats(struct swb_alloc *alloc,
			 struct swb_alloc_stats *stats)
{
	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	stats->buffer_size = alloc->buffer_size;
	stats->free_async_space = alloc->free_async_space;
	stats->buffers_allocated = alloc->buffers_allocated;
	stats->buffers_free = alloc->buffers_free;
	stats->pages_active = alloc->pages_active;
	stats->pages_lru = alloc->pages_lru;
	stats->pages_high = alloc->pages_high;
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
}

vm_fault_t swb_alloc_fault_page(struct swb_alloc *alloc,
				struct vm_area_struct *vma,
				unsigned long address)
{
	vm_fault_t ret = VM_FAULT_SIGBUS;
	struct swb_alloc_page *slot;
	unsigned long index;

	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	/* Only the one VMA set up by mmap; it can be neither split nor moved. */
	if (!alloc->mapped || vma != alloc->vma || address < alloc->buffer)
		goto out;
	index = (address - alloc->buffer) >> PAGE_SHIFT;
	if (index >= alloc->nr_pages)
		goto out;
	slot = &alloc->pages[index];
	if (!slot->users)
		goto out;
	/*
	 * Under the mutex, so the shrinker cannot free the page in between;
	 * marked first, so a half-done insert is zapped too.
	 */
	slot->user_mapped = true;
	ret = vmf_insert_pfn(vma, address & PAGE_MASK, page_to_pfn(slot->page));
out:
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
	return ret;
}

/*
 * Our VMA, if it is still in @mm's tree: a munmap that downgraded the
 * mmap_lock may have taken it out and be freeing its page tables, while
 * ->close (which clears alloc->vma) has not run yet.
 */
static struct vm_area_struct *swb_alloc_live_vma_locked(struct swb_alloc *alloc,
							struct mm_struct *mm)
{
	struct vm_area_struct *vma;

	if (!alloc->mapped)
		return NULL;
	vma = vma_lookup(mm, alloc->buffer);
	if (!vma || vma != alloc->vma || vma->vm_ops != &swb_vm_ops)
		return NULL;
	return vma;
}

void swb_alloc_map_buffer(struct swb_alloc *alloc, struct swb_buffer *buffer)
{
	struct mm_struct *mm = alloc->mm;
	struct vm_area_struct *vma;
	struct swb_alloc_page *slot;
	unsigned int i, first, last;

	/* The usual case, a buffer on pages a freed one left mapped: no lock at all. */
	if (!buffer->map_pending)
		return;
	buffer->map_pending = false;
	/* Without users the mm is being torn down: nothing to map into. */
	if (!mm || !mmget_not_zero(mm))
		return;
	swb_page_range(alloc, buffer->user_data, swb_buffer_total(buffer), &first, &last);
	/*
	 * mmap_lock before alloc->mutex, as in a fault (alloc.h); only tried,
	 * so a sender never waits on the receiver's mm: if it is busy, the
	 * receiver's faults map the pages as before.
	 */
	if (!mmap_read_trylock(mm))
		goto put;
	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	vma = swb_alloc_live_vma_locked(alloc, mm);
	for (i = first; vma && i <= last; i++) {
		slot = &alloc->pages[i];
		/* Our buffer holds every page in its range: @page is set. */
		if (slot->user_mapped)
			continue;
		/* Marked first, so a half-done insert is zapped too (as a fault). */
		slot->user_mapped = true;
		/* Failing (no memory for a page table): the fault will retry. */
		if (vmf_insert_pfn(vma, alloc->buffer + ((unsigned long)i << PAGE_SHIFT),
				   page_to_pfn(slot->page)) != VM_FAULT_NOPAGE)
			break;
	}
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
	mmap_read_unlock(mm);
put:
	/* Never mmput() here: the last put could close our VMA (see alloc_lru.c). */
	mmput_async(mm);
}

vm_fault_t swb_alloc_vm_fault(struct swb_alloc *alloc, struct vm_fault *vmf)
{
	return swb_alloc_fault_page(alloc, vmf->vma, vmf->address);
}

int swb_alloc_mmap(struct swb_alloc *alloc, struct vm_area_struct *vma)
{
	struct swb_alloc_page *pages;
	struct swb_buffer *buffer;
	unsigned int i, nr_pages;
	size_t size;
	int ret = 0;

	if (vma->vm_mm != alloc->mm)
		return -EINVAL;
	size = min_t(unsigned long, vma->vm_end - vma->vm_start,
		     SWB_ALLOC_MAX_SIZE);
	nr_pages = size >> PAGE_SHIFT;

	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	if (alloc->mapped_once) {
		swb_user_error(alloc->proc, "mmap: already mapped\n");
		ret = -EBUSY;
		goto out;
	}
	pages = swb_kvcalloc(nr_pages, sizeof(*pages), GFP_KERNEL);
	buffer = swb_kmem_cache_zalloc(swb_buffer_cache, GFP_KERNEL);
	if (!pages || !buffer) {
		kvfree(pages);
		if (buffer)
			kmem_cache_free(swb_buffer_cache, buffer);
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < nr_pages; i++) {
		INIT_LIST_HEAD(&pages[i].lru);
		pages[i].alloc = alloc;
	}
	alloc->pages = pages;
	alloc->nr_pages = nr_pages;
	alloc->buffer = vma->vm_start;
	alloc->buffer_size = size;
	alloc->free_async_space = size / 2;

	buffer->user_data = alloc->buffer;
	buffer->free = true;
	list_add(&buffer->entry, &alloc->buffers);
	swb_free_tree_insert_locked(alloc, buffer);
	alloc->buffers_free = 1;

	alloc->vma = vma;
	alloc->mapped = true;
	alloc->mapped_once = true;
out:
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
	if (!ret && swb_alloc_selftest_enabled())
		swb_alloc_selftest(alloc, vma);
	return ret;
}

void swb_alloc_vma_close(struct swb_alloc *alloc)
{
	unsigned int i;

	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	alloc->mapped = false;
	alloc->vma = NULL;
	/* The mm core zapped the page tables before calling ->close. */
	for (i = 0; i < alloc->nr_pages; i++)
		alloc->pages[i].user_mapped = false;
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);
}

void swb_alloc_init(struct swb_alloc *alloc, struct swb_proc *proc)
{
	mutex_init(&alloc->mutex);
	alloc->proc = proc;
	alloc->mm = current->mm;
	if (alloc->mm)
		mmgrab(alloc->mm);
	INIT_LIST_HEAD(&alloc->buffers);
	alloc->free_buffers = RB_ROOT;
	alloc->allocated_buffers = RB_ROOT;
}

void swb_alloc_release(struct swb_alloc *alloc)
{
	struct swb_buffer *buffer, *tmp;
	unsigned int i;

	swb_alloc_selftest_release(alloc);
	swb_mutex_lock_timed(&alloc->mutex, &alloc->mutex_stamp);
	swb_lru_detach_alloc_locked(alloc);
	list_for_each_entry_safe(buffer, tmp, &alloc->buffers, entry) {
		list_del(&buffer->entry);
		if (!buffer->free)
			swb_stat_deleted(SWB_STAT_BUFFER);
		kmem_cache_free(swb_buffer_cache, buffer);
	}
	alloc->free_buffers = RB_ROOT;
	alloc->allocated_buffers = RB_ROOT;
	for (i = 0; i < alloc->nr_pages; i++) {
		if (alloc->pages[i].page)
			__free_page(alloc->pages[i].page);
	}
	kvfree(alloc->pages);
	alloc->pages = NULL;
	alloc->nr_pages = 0;
	alloc->buffers_allocated = 0;
	alloc->buffers_free = 0;
	alloc->pages_active = 0;
	swb_mutex_unlock_timed(&alloc->mutex, &alloc->mutex_stamp, SWB_LOCK_ALLOC);

	/* A shrinker pass may still be between our mutex and the LRU lock. */
	swb_lru_wait_idle(alloc);
	if (alloc->mm)
		mmdrop(alloc->mm);
	mutex_destroy(&alloc->mutex);
}

int swb_alloc_module_init(void)
{
	int ret;

	swb_buffer_cache = KMEM_CACHE(swb_buffer, 0);
	if (!swb_buffer_cache)
		return -ENOMEM;
	ret = swb_lru_init();
	if (ret)
		kmem_cache_destroy(swb_buffer_cache);
	return ret;
}

void swb_alloc_module_exit(void)
{
	swb_lru_exit();
	kmem_cache_destroy(swb_buffer_cache);
}
