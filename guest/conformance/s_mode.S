/* Supervisor mode: delegated interrupts (software, timer via mip.STIP,
   external via the PLIC's S context) taken in S-mode with the right scause;
   an M-level interrupt preempting S-mode even with mstatus.MIE clear; and the
   rules that make sret, wfi, satp and sfence.vma illegal (U-mode, TSR, TW, TVM). */
#include "priv.h"

#define SSIP (1 << 1)
#define STIP (1 << 5)
#define SEIP (1 << 9)
#define MSIP (1 << 3)
#define INT 0x8000000000000000
#define ILLEGAL 2
#define CLINT_MSIP 0x2000000
#define MSTATUS_TVM (1 << 20)
#define MSTATUS_TW (1 << 21)
#define MSTATUS_TSR (1 << 22)

PROGRAM_BEGIN
    PMP_ALLOW_ALL
    la t0, m_trap; csrw mtvec, t0
    la t0, s_trap; csrw stvec, t0
    li t0, SSIP | STIP | SEIP; csrw mideleg, t0
    /* A supervisor software interrupt, pending before S-mode starts, is taken
       in S-mode as soon as SIE allows. */
    li t0, SSIP | STIP | SEIP; csrw mie, t0
    li t0, SSIP; csrs mip, t0
    li s7, -1
    IN_S(1, 9, csrsi sstatus, 2)
    li t0, INT | 1; CHECK_REG(2, s7, t0)
    /* A supervisor timer interrupt that M-mode raises through mip.STIP (the
       S handler switched sie off, so enable STIE again). */
    li t0, STIP; csrs mie, t0
    csrs mip, t0
    li s7, -1
    IN_S(3, 9, csrsi sstatus, 2)
    li t0, INT | 5; CHECK_REG(4, s7, t0)
    li t0, STIP; csrc mip, t0
    /* An M-mode software interrupt preempts S-mode even with MIE clear. */
    csrci mstatus, 8
    li t0, MSIP; csrs mie, t0
    li t0, CLINT_MSIP; li t1, 1; sw t1, 0(t0)
    IN_S(5, INT | 3, nop)
    li t0, CLINT_MSIP; sw zero, 0(t0)
    li t0, MSIP; csrc mie, t0
    /* Illegal in S-mode: sret with TSR, wfi with TW, satp with TVM. */
    li t0, MSTATUS_TSR; csrs mstatus, t0
    IN_S(6, ILLEGAL, sret)
    li t0, MSTATUS_TSR | MSTATUS_TW; csrc mstatus, t0; li t0, MSTATUS_TW; csrs mstatus, t0
    IN_S(7, ILLEGAL, wfi)
    li t0, MSTATUS_TW; csrc mstatus, t0; li t0, MSTATUS_TVM; csrs mstatus, t0
    IN_S(8, ILLEGAL, csrr x13, satp)
    IN_S(9, ILLEGAL, sfence.vma)
    li t0, MSTATUS_TVM; csrc mstatus, t0
    /* Allowed in S-mode without them. */
    IN_S(10, 9, csrr x13, satp)
    /* M-mode CSRs are out of reach of S-mode. */
    IN_S(11, ILLEGAL, csrr x13, mstatus)
    /* sret from S-mode into U-mode, where sret and wfi are illegal (the
       exception is not delegated, so M-mode sees it, with mepc in U code). */
    IN_S(12, ILLEGAL, la t0, 7f; csrw sepc, t0; li t0, MSTATUS_SPP; csrc sstatus, t0; sret; 7: sret)
    la t0, 7b; CHECK_REG(13, s3, t0)
    IN_S(14, ILLEGAL, la t0, 7f; csrw sepc, t0; li t0, MSTATUS_SPP; csrc sstatus, t0; sret; 7: wfi)
    j pass

    /* M-mode trap handler: record mcause and mepc, resume in M at s6. */
    .align 2
m_trap:
    csrr s2, mcause
    csrr s3, mepc
    bltz s2, 1f
    /* An exception from S or U that is not delegated ends the IN_S block. */
    li t0, MSTATUS_MPP_MASK; csrs mstatus, t0
    csrw mepc, s6
    mret
1:  /* An interrupt: record it and switch it off, then go back to S. */
    csrw mie, zero
    li t0, MSTATUS_MPP_MASK; csrs mstatus, t0
    csrw mepc, s6
    mret

    /* S-mode trap handler: record scause; clear the interrupt; for an
       exception from U-mode (an illegal sret), record and ecall to M. */
    .align 2
s_trap:
    csrr s7, scause
    bgez s7, 2f
    li t0, SSIP | STIP; csrc sip, t0
    csrw sie, zero
    sret
2:  ecall
PROGRAM_END
