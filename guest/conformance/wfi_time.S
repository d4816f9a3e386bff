/* Virtual time around wfi with far-off timer deadlines: time (the CSR and
   the CLINT's mtime), mcycle and minstret never go backwards, and a wfi
   ends once mtime reaches mtimecmp, however large the values. mtime is first
   set close to the top of its range so the deadlines are huge but still
   reachable in a few milliseconds on QEMU; hartsim skips the idle time. (A
   wfi that no timer can end, mtimecmp = all ones well ahead of mtime, is
   exit status 125 for hartsim: tests/robustness.rs.) */
#define EXIT_THROUGH_FINISHER
#include "test.h"

#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME    0x200bff8
#define MTIP (1 << 7)

/* s1 = last time seen, s4 = last mcycle seen, s7 = last minstret seen;
   fail with `n` if any of them went backwards. */
#define CHECK_MONOTONIC(n) \
    li CASE, n; \
    rdtime t0; bltu t0, s1, fail; mv s1, t0; \
    li t1, CLINT_MTIME; ld t0, 0(t1); bltu t0, s1, fail; mv s1, t0; \
    csrr t0, mcycle; bltu t0, s4, fail; mv s4, t0; \
    csrr t0, minstret; bltu t0, s7, fail; mv s7, t0

/* Set mtime to `value`, mtimecmp to mtime + `ticks`, and wait in wfi (with
   MTIE set and mstatus.MIE clear, so no trap) until MTIP is up; then time
   must have reached mtimecmp. Case numbers n .. n + 3. */
#define WAIT_FROM(n, value, ticks) \
    li t1, CLINT_MTIMECMP; li t0, -1; sd t0, 0(t1); \
    li t1, CLINT_MTIME; li t0, value; sd t0, 0(t1); \
    li CASE, n; rdtime t0; li t1, value; bltu t0, t1, fail; mv s1, t0; \
    li t1, CLINT_MTIME; ld t0, 0(t1); li t1, ticks; add s8, t0, t1; \
    li t1, CLINT_MTIMECMP; sd s8, 0(t1); \
    CHECK_MONOTONIC(n + 1); \
1:  wfi; csrr t0, mip; andi t0, t0, MTIP; beqz t0, 1b; \
    li CASE, n + 2; rdtime t0; bltu t0, s8, fail; \
    CHECK_MONOTONIC(n + 3)

PROGRAM_BEGIN
    csrci mstatus, 8
    li t0, MTIP; csrw mie, t0
    li s1, 0; li s4, 0; li s7, 0
    CHECK_MONOTONIC(1)
    /* A deadline 2^20 ticks after mtime = 2^62. */
    WAIT_FROM(10, 0x4000000000000000, 1 << 20)
    /* Deadlines close to the top of mtime's range. */
    WAIT_FROM(20, 0xffffffff00000000, 5000)
    WAIT_FROM(30, 0xfffffffffff00000, 50000)
    /* Time goes on afterwards. */
    li t2, 1000
2:  addi t2, t2, -1; bnez t2, 2b
    CHECK_MONOTONIC(40)
    csrw mie, zero
    li t1, CLINT_MTIMECMP; li t0, -1; sd t0, 0(t1)
    j pass
PROGRAM_END
