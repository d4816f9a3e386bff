/* Sstc: stimecmp exists; S-mode may use it only with mcounteren.TM and
   menvcfg.STCE; with STCE set, STIP follows time >= stimecmp (and software
   cannot clear it through mip); an S-mode program that sets stimecmp ahead
   and waits in wfi takes the supervisor timer interrupt in S-mode. */
#include "priv.h"

#define STIP (1 << 5)
#define INT 0x8000000000000000
#define ILLEGAL 2
#define STCE (1 << 63)
#define TM (1 << 1)
#define CSR_STIMECMP 0x14d

PROGRAM_BEGIN
    PMP_ALLOW_ALL
    la t0, m_trap; csrw mtvec, t0
    la t0, s_trap; csrw stvec, t0
    li t0, STIP; csrw mideleg, t0
    /* M-mode reads and writes stimecmp whatever STCE says. */
    li t0, -1; csrw CSR_STIMECMP, t0
    csrr t1, CSR_STIMECMP; li CASE, 1; bne t0, t1, fail
    /* S-mode without TM and STCE: illegal. With TM only: still illegal. */
    IN_S(2, ILLEGAL, csrr x13, CSR_STIMECMP)
    li t0, TM; csrs mcounteren, t0
    IN_S(3, ILLEGAL, csrr x13, CSR_STIMECMP)
    /* With STCE too: S-mode reads it (the ecall reaches M: cause 9). */
    li t0, STCE; csrs menvcfg, t0
    csrr t1, menvcfg; li CASE, 4; bgez t1, fail
    IN_S(5, 9, csrr x13, CSR_STIMECMP)
    /* STIP follows the comparison: far future, clear; past, set, and a
       software write cannot clear it. */
    li t0, -1; csrw CSR_STIMECMP, t0
    csrr t1, mip; andi t1, t1, STIP; li CASE, 6; bnez t1, fail
    csrw CSR_STIMECMP, zero
    csrr t1, mip; andi t1, t1, STIP; li CASE, 7; beqz t1, fail
    li t0, STIP; csrc mip, t0
    csrr t1, mip; andi t1, t1, STIP; li CASE, 8; beqz t1, fail
    /* In S-mode: stimecmp = time + 500, STIE and SIE on, wfi: the timer
       interrupt is taken in S-mode (scause = interrupt 5), after the deadline. */
    li t0, -1; csrw CSR_STIMECMP, t0
    li t0, STIP; csrs mie, t0
    li s7, 0
    IN_S(9, 9, rdtime t1; addi t1, t1, 500; csrw CSR_STIMECMP, t1; mv s8, t1; \
              csrsi sstatus, 2; 1: wfi; beqz s7, 1b; rdtime s9)
    li t0, INT | 5; CHECK_REG(10, s7, t0)
    li CASE, 11; bltu s9, s8, fail
    j pass

    /* M-mode trap handler: record mcause and mepc, resume in M at s6. */
    .align 2
m_trap:
    csrr s2, mcause
    csrr s3, mepc
    li t0, MSTATUS_MPP_MASK; csrs mstatus, t0
    csrw mepc, s6
    mret

    /* S-mode trap handler: record scause, push stimecmp away, sie off. */
    .align 2
s_trap:
    csrr s7, scause
    li t0, -1; csrw CSR_STIMECMP, t0
    csrw sie, zero
    sret
PROGRAM_END
