/* Helpers for the privileged conformance programs: page-table entries, PMP,
   and switching modes. Builds on test.h (gp holds the case number). */
#ifndef HARTSIM_PRIV_H
#define HARTSIM_PRIV_H
#include "test.h"

#define PTE_V 0x01
#define PTE_R 0x02
#define PTE_W 0x04
#define PTE_X 0x08
#define PTE_U 0x10
#define PTE_A 0x40
#define PTE_D 0x80
#define RWX (PTE_R | PTE_W | PTE_X)

#define SATP_SV39 (8 << 60)
#define SATP_SV48 (9 << 60)
#define SATP_SV57 (10 << 60)
#define MSTATUS_MPP_MASK (3 << 11)
#define MSTATUS_MPP_S (1 << 11)
#define MSTATUS_SPP (1 << 8)
#define MSTATUS_MPRV (1 << 17)
#define MSTATUS_SUM (1 << 18)
#define MSTATUS_MXR (1 << 19)

/* reg = PTE pointing at the physical address in pa_reg, with flags. */
#define LEAF(reg, pa_reg, flags) srli reg, pa_reg, 12; slli reg, reg, 10; ori reg, reg, flags
/* reg = non-leaf PTE pointing at the table at `label`. */
#define NEXT(reg, label) la reg, label; srli reg, reg, 12; slli reg, reg, 10; ori reg, reg, PTE_V
/* table[index] = reg (clobbers t5). */
#define STORE_PTE(label, index, reg) la t5, label; sd reg, (index) * 8(t5)

/* Let S and U reach all memory (PMP denies them everything by default). */
#define PMP_ALLOW_ALL li t0, -1; csrw pmpaddr0, t0; li t0, 0x1f; csrw pmpcfg0, t0

/* mret into S-mode at `label`. */
#define ENTER_S(label) \
    li t0, MSTATUS_MPP_MASK; csrc mstatus, t0; li t0, MSTATUS_MPP_S; csrs mstatus, t0; \
    la t0, label; csrw mepc, t0; mret

/* Run `insn` in S-mode, then ecall; the M-mode handler records the cause
   that came back in s2 (-1: none) and resumes at s6. Fails unless the cause
   is `expect_cause`. */
#define IN_S(n, expect_cause, insn...) \
    li CASE, n; li s2, -1; la s6, 9f; ENTER_S(8f); \
8:  insn; ecall; \
9:  li t6, expect_cause; bne s2, t6, fail

/* The M-mode handler ends the program when S-mode asks with ecall:
   a0 = 0 passes, otherwise a0 is the failing case. */
#define M_ECALL_EXIT \
    .align 2; \
m_handler: \
    csrr t0, mcause; li t1, 9; bne t0, t1, m_unexpected; \
    beqz a0, pass; mv CASE, a0; j fail; \
m_unexpected: \
    li CASE, 2000; j fail

/* S-mode reports success to the M-mode handler. */
#define S_PASS li a0, 0; ecall

#endif
