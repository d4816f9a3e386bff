/* A wfi that no interrupt can ever end (bug C). The only enabled interrupt
   is the machine timer, and mtimecmp is all ones: virtual time would have
   to run for thousands of years to reach it. The program waits in a loop,
   as the spec requires of wfi's callers, and fails if time, mcycle or
   minstret ever go backwards or MTIP rises.

   Expected outcome: it never ends. hartsim sees that nothing can wake the
   hart and stops with status 125 ("wfi: no enabled interrupt can ever wake
   the hart"); QEMU waits until it is killed. Before the fix, hartsim skipped
   virtual time to the end of its range: a debug build panicked on the
   overflow, a release build saw time go backwards (case 1, 2 or 3). */
#define EXIT_THROUGH_FINISHER
#include "test.h"

#define CLINT_MTIMECMP 0x2004000
#define MTIP (1 << 7)

PROGRAM_BEGIN
    csrci mstatus, 8                 /* MIE clear: wfi wakes, nothing traps */
    li t1, CLINT_MTIMECMP; li t0, -1; sd t0, 0(t1)
    li t0, MTIP; csrw mie, t0
    rdtime s1; csrr s4, mcycle; csrr s7, minstret
1:  wfi
    li CASE, 1; rdtime t0; bltu t0, s1, fail; mv s1, t0
    li CASE, 2; csrr t0, mcycle; bltu t0, s4, fail; mv s4, t0
    li CASE, 3; csrr t0, minstret; bltu t0, s7, fail; mv s7, t0
    li CASE, 4; csrr t0, mip; andi t0, t0, MTIP; bnez t0, fail
    j 1b
PROGRAM_END
