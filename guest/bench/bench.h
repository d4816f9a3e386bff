/* Shared helpers for the benchmarks: a deterministic generator, result
   reporting, and the size knob. Each benchmark prints a checksum, checks its
   own result where it can, and exits 0 (or 1 if the check failed). Built
   twice: SCALE=1 for the test suite, a larger SCALE for measurements. */
#ifndef HARTSIM_BENCH_H
#define HARTSIM_BENCH_H
#include "virt.h"

#ifndef SCALE
#define SCALE 1
#endif

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static inline uint64_t rng(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static inline int report(const char *name, uint64_t checksum, int ok) {
    virt_puts(name);
    virt_puts(": checksum ");
    virt_put_hex(checksum);
    virt_puts(ok ? " ok\n" : " FAILED self-check\n");
    return ok ? 0 : 1;
}
#endif
