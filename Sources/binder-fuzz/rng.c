/* splitmix64: small, fast, and the same sequence for the same seed everywhere. */
#include "fuzz.h"

uint64_t fuzz_next(struct fuzz_rng *r)
{
	uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A seed for a child stream (a worker, a thread) from its parent's and an index. */
uint64_t fuzz_mix(uint64_t a, uint64_t b)
{
	struct fuzz_rng r = { a ^ (b * 0xd1b54a32d192ed03ull) };

	return fuzz_next(&r);
}

uint32_t fuzz_below(struct fuzz_rng *r, uint32_t n)
{
	return (uint32_t)(fuzz_next(r) % n);
}

int fuzz_one_in(struct fuzz_rng *r, uint32_t n)
{
	return fuzz_below(r, n) == 0;
}
