/* The PLIC and the UART's interrupt: with the transmitter-empty interrupt
   enabled in the UART's IER, source 10 goes pending; the PLIC raises MEIP for
   context 0 (M) and SEIP for context 1 (S) when enabled and above threshold;
   claim returns the source and hides it until complete; reading the UART's IIR
   clears the transmitter-empty condition. */
#include "test.h"

#define PLIC 0x0c000000
#define PRIORITY(src) (PLIC + 4 * (src))
#define PENDING (PLIC + 0x1000)
#define ENABLE(ctx) (PLIC + 0x2000 + 0x80 * (ctx))
#define THRESHOLD(ctx) (PLIC + 0x200000 + 0x1000 * (ctx))
#define CLAIM(ctx) (PLIC + 0x200004 + 0x1000 * (ctx))
#define UART 0x10000000
#define MEIP (1 << 11)
#define SEIP (1 << 9)
#define MEI_CAUSE 0x800000000000000b

#define WRITE32(addr, value) li t0, addr; li t1, value; sw t1, 0(t0)
#define READ32(reg, addr) li t0, addr; lwu reg, 0(t0)
#define CHECK_MIP(n, bit, expect) li CASE, n; csrr t0, mip; li t1, bit; and t0, t0, t1; li t1, expect; bne t0, t1, fail

PROGRAM_BEGIN
    WRITE32(PRIORITY(10), 1)
    WRITE32(THRESHOLD(0), 0)
    WRITE32(ENABLE(0), 1 << 10)
    CHECK_MIP(1, MEIP, 0)
    /* Enabling the UART's transmitter-empty interrupt raises source 10. */
    li t0, UART; li t1, 0x02; sb t1, 1(t0)
    READ32(x13, PENDING); andi x13, x13, 1 << 10; CHECK(2, x13, 1 << 10)
    CHECK_MIP(3, MEIP, MEIP)
    /* With MEIE and MIE set, the interrupt is taken right away. */
    li t0, MEIP; csrs mie, t0
    li s2, -1
    la s5, 1f
    csrsi mstatus, 8
    j fail
1:  csrci mstatus, 8
    CHECK(4, s2, MEI_CAUSE)
    /* Claim gives the source and hides it; a second claim gives 0. */
    READ32(x13, CLAIM(0)); CHECK(5, x13, 10)
    CHECK_MIP(6, MEIP, 0)
    READ32(x13, CLAIM(0)); CHECK(7, x13, 0)
    /* Reading IIR reports (and clears) the transmitter-empty condition. */
    li t0, UART; lbu x13, 2(t0); andi x13, x13, 0x0f; CHECK(8, x13, 0x02)
    lbu x13, 2(t0); andi x13, x13, 0x0f; CHECK(9, x13, 0x01)
    WRITE32(CLAIM(0), 10)
    CHECK_MIP(10, MEIP, 0)
    /* Sending a byte empties the transmitter again: pending once more. */
    li t0, UART; li t1, '!'; sb t1, 0(t0)
    CHECK_MIP(11, MEIP, MEIP)
    /* A threshold at the source's priority masks it. */
    WRITE32(THRESHOLD(0), 1)
    CHECK_MIP(12, MEIP, 0)
    WRITE32(THRESHOLD(0), 0)
    CHECK_MIP(13, MEIP, MEIP)
    /* Priority 0 never interrupts. */
    WRITE32(PRIORITY(10), 0)
    CHECK_MIP(14, MEIP, 0)
    WRITE32(PRIORITY(10), 1)
    /* Context 1 drives SEIP. */
    CHECK_MIP(15, SEIP, 0)
    WRITE32(ENABLE(1), 1 << 10)
    CHECK_MIP(16, SEIP, SEIP)
    READ32(x13, CLAIM(1)); CHECK(17, x13, 10)
    CHECK_MIP(18, SEIP | MEIP, 0)
    WRITE32(CLAIM(1), 10)
    /* Turning the UART interrupt off lowers the line. */
    li t0, UART; sb zero, 1(t0)
    CHECK_MIP(19, SEIP | MEIP, 0)
    READ32(x13, PENDING); CHECK(20, x13, 0)
    csrw mie, zero
    j pass
PROGRAM_END
