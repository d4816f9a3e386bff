/* mip read-modify-write and the PLIC's supervisor external line (Privileged
   spec 1.12, 3.1.9): csrrs/csrrc on mip return SEIP as the OR of the
   software-writable bit and the PLIC's line, but only the software-writable
   bit takes part in the read-modify-write. With the UART's line up at the
   PLIC for context 1 (S), csrs and csrc of STIP must not copy the line into
   the software SEIP bit: once the line is down, SEIP reads 0. */
#define EXIT_THROUGH_FINISHER
#include "test.h"

#define PLIC 0x0c000000
#define PRIORITY(src) (PLIC + 4 * (src))
#define ENABLE(ctx) (PLIC + 0x2000 + 0x80 * (ctx))
#define THRESHOLD(ctx) (PLIC + 0x200000 + 0x1000 * (ctx))
#define CLAIM(ctx) (PLIC + 0x200004 + 0x1000 * (ctx))
#define UART 0x10000000
#define UART_IRQ 10
#define SEIP (1 << 9)
#define STIP (1 << 5)

#define WRITE32(addr, value) li t0, addr; li t1, value; sw t1, 0(t0)
#define READ32(reg, addr) li t0, addr; lwu reg, 0(t0)
/* mip & bits must equal expect. */
#define CHECK_MIP(n, bits, expect) \
    li CASE, n; csrr t0, mip; li t1, bits; and t0, t0, t1; li t1, expect; bne t0, t1, fail

PROGRAM_BEGIN
    /* No interrupt is taken: mie stays 0 throughout. */
    csrw mie, zero
    CHECK_MIP(1, SEIP | STIP, 0)

    /* Source 10 enabled for context 1 only, above its threshold. */
    WRITE32(PRIORITY(UART_IRQ), 1)
    WRITE32(THRESHOLD(1), 0)
    WRITE32(ENABLE(0), 0)
    WRITE32(ENABLE(1), 1 << UART_IRQ)
    /* The transmitter-empty interrupt raises the UART's line: SEIP reads 1. */
    li t0, UART; li t1, 0x02; sb t1, 1(t0)
    CHECK_MIP(2, SEIP, SEIP)

    /* csrs mip, STIP: the old value read includes the line's SEIP... */
    li t2, STIP; csrrs x13, mip, t2
    li t1, SEIP | STIP; and x13, x13, t1; CHECK(3, x13, SEIP)
    CHECK_MIP(4, SEIP | STIP, SEIP | STIP)
    /* ...and csrc mip, STIP the same. */
    li t2, STIP; csrrc x13, mip, t2
    li t1, SEIP | STIP; and x13, x13, t1; CHECK(5, x13, SEIP | STIP)
    CHECK_MIP(6, SEIP | STIP, SEIP)
    /* The immediate forms, on bit 2 (which reads as zero), must not latch
       SEIP either. */
    csrrsi x13, mip, 4
    csrrci x13, mip, 4

    /* Claim the source, lower the line, complete: SEIP must read 0. */
    READ32(x13, CLAIM(1)); CHECK(7, x13, UART_IRQ)
    li t0, UART; sb zero, 1(t0)
    WRITE32(CLAIM(1), UART_IRQ)
    CHECK_MIP(8, SEIP | STIP, 0)

    /* With the line up again, csrc of SEIP leaves the line visible, and
       claiming, lowering the line and completing leaves nothing behind.
       (Writing the software SEIP bit itself is left out: QEMU's PLIC claims
       SEIP, so QEMU ignores such writes.) */
    li t0, UART; li t1, 0x02; sb t1, 1(t0)
    CHECK_MIP(9, SEIP, SEIP)
    li t2, SEIP; csrc mip, t2
    CHECK_MIP(10, SEIP, SEIP)
    READ32(x13, CLAIM(1)); CHECK(11, x13, UART_IRQ)
    li t0, UART; sb zero, 1(t0)
    WRITE32(CLAIM(1), UART_IRQ)
    CHECK_MIP(12, SEIP, 0)

    WRITE32(ENABLE(1), 0)
    j pass
PROGRAM_END
