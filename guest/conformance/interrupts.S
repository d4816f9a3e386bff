/* Machine interrupts from the CLINT: the timer taken from wfi and from a
   busy loop, the software interrupt (msip), vectored delivery to
   base + 4 * cause, masking by mstatus.MIE with delivery right after the CSR
   write that unmasks it, and wfi waking without a trap when MIE is clear. */
#include "test.h"

#define CLINT_MSIP     0x2000000
#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME    0x200bff8
#define MTI_CAUSE      0x8000000000000007
#define MSI_CAUSE      0x8000000000000003

/* Arm the timer `ticks` from now. */
#define ARM_TIMER(ticks) \
    li t0, CLINT_MTIME; ld t1, 0(t0); addi t1, t1, ticks; li t0, CLINT_MTIMECMP; sd t1, 0(t0)
#define DISARM_TIMER \
    li t0, CLINT_MTIMECMP; li t1, -1; sd t1, 0(t0)

PROGRAM_BEGIN
    DISARM_TIMER
    /* Timer interrupt ends a wfi. */
    ARM_TIMER(50)
    li t0, 1 << 7; csrw mie, t0
    li s2, -1
    la s5, 1f
    csrsi mstatus, 8
    wfi
    j fail_timer
1:  csrci mstatus, 8
    CHECK(1, s2, MTI_CAUSE)
    DISARM_TIMER

    /* Timer interrupt ends a busy loop. */
    ARM_TIMER(20)
    li t0, 1 << 7; csrw mie, t0
    li s2, -1
    la s5, 2f
    csrsi mstatus, 8
3:  j 3b
2:  csrci mstatus, 8
    CHECK(2, s2, MTI_CAUSE)
    DISARM_TIMER

    /* Software interrupt through msip. */
    li t0, 1 << 3; csrw mie, t0
    li s2, -1
    la s5, 4f
    li t0, CLINT_MSIP; li t1, 1; sw t1, 0(t0)
    csrsi mstatus, 8
    j fail_timer
4:  csrci mstatus, 8
    CHECK(3, s2, MSI_CAUSE)
    li t0, CLINT_MSIP; sw zero, 0(t0)
    li CASE, 4; csrr t0, mip; andi t0, t0, 1 << 3; bnez t0, fail

    /* Vectored mode: the timer goes to base + 4 * 7. */
    la t0, vectors; ori t0, t0, 1; csrw mtvec, t0
    li s7, 0
    ARM_TIMER(10)
    li t0, 1 << 7; csrw mie, t0
    la s5, 5f
    csrsi mstatus, 8
6:  j 6b
5:  csrci mstatus, 8
    la t0, trap_handler; csrw mtvec, t0
    CHECK(5, s2, MTI_CAUSE)
    CHECK(6, s7, 77)
    DISARM_TIMER

    /* Masked by MIE: pending but not taken, then taken right after csrsi. */
    ARM_TIMER(1)
    li t0, 1 << 7; csrw mie, t0
    li s2, -1
    li t2, 200
7:  addi t2, t2, -1
    bnez t2, 7b
    CHECK(7, s2, -1)
    li CASE, 8; csrr t0, mip; andi t0, t0, 1 << 7; beqz t0, fail
    la s5, 8f
    csrsi mstatus, 8
9:  j fail_timer
8:  csrci mstatus, 8
    CHECK(9, s2, MTI_CAUSE)
    la t0, 9b; CHECK_REG(10, s3, t0)
    DISARM_TIMER

    /* wfi with MIE clear wakes when the timer becomes pending, without a trap. */
    ARM_TIMER(30)
    li t0, 1 << 7; csrw mie, t0
    li s2, -1
    wfi
    CHECK(11, s2, -1)
    li CASE, 12; csrr t0, mip; andi t0, t0, 1 << 7; beqz t0, fail
    csrw mie, zero
    DISARM_TIMER
    j pass

fail_timer:
    j fail

    .align 6
vectors:
    .rept 7
    j trap_handler
    .endr
    j vector_timer
vector_timer:
    li s7, 77
    j trap_handler
PROGRAM_END
