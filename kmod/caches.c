// SPDX-License-Identifier: GPL-2.0-only
/* The per-call slab caches (see caches.h). */
#include "caches.h"
#include "transaction.h"
#include "work.h"

struct kmem_cache *swb_transaction_cache;
struct kmem_cache *swb_complete_cache;

int swb_caches_init(void)
{
	swb_transaction_cache = KMEM_CACHE(swb_transaction, 0);
	swb_complete_cache = kmem_cache_create("swb_complete", sizeof(struct swb_work),
					       __alignof__(struct swb_work), 0, NULL);
	if (!swb_transaction_cache || !swb_complete_cache) {
		swb_caches_exit();
		return -ENOMEM;
	}
	return 0;
}

void swb_caches_exit(void)
{
	kmem_cache_destroy(swb_complete_cache);
	kmem_cache_destroy(swb_transaction_cache);
	swb_complete_cache = NULL;
	swb_transaction_cache = NULL;
}
