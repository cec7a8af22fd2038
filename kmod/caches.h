/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dedicated slab caches for the objects every call allocates: its
 * transaction and its completion work item (BR_TRANSACTION_COMPLETE,
 * BR_ONEWAY_SPAM_SUSPECT, BR_TRANSACTION_PENDING_FROZEN). Objects of their
 * exact size instead of the next kmalloc bucket, and a per-CPU free list
 * of their own. Allocations go through fault_inject.h like every other.
 */
#ifndef SWB_CACHES_H
#define SWB_CACHES_H

#include <linux/slab.h>

#include "fault_inject.h"

struct swb_transaction;
struct swb_work;

extern struct kmem_cache *swb_transaction_cache;
extern struct kmem_cache *swb_complete_cache;

int swb_caches_init(void);
/* Only once every transaction and work item is freed (see main.c). */
void swb_caches_exit(void);

static inline struct swb_transaction *swb_transaction_zalloc(void)
{
	return swb_kmem_cache_zalloc(swb_transaction_cache, GFP_KERNEL);
}

static inline void swb_transaction_kfree(struct swb_transaction *t)
{
	kmem_cache_free(swb_transaction_cache, t);
}

static inline struct swb_work *swb_complete_zalloc(void)
{
	return swb_kmem_cache_zalloc(swb_complete_cache, GFP_KERNEL);
}

static inline void swb_complete_kfree(struct swb_work *w)
{
	kmem_cache_free(swb_complete_cache, w);
}

#endif /* SWB_CACHES_H */
