/* The MMU benchmark: a linked-list walk and a CRC pass, run in S-mode under
   Sv39 (1 GiB identity pages) when PAGING is 1, or in M-mode without
   translation when PAGING is 0, so the two builds compare the cost per
   instruction of translation. */
#include "bench.h"

#ifndef PAGING
#define PAGING 1
#endif

#define N (32 * 1024)
struct node { struct node *next; uint64_t value; };
static struct node nodes[N];
static uint32_t order[N];
static uint8_t buf[64 * 1024];
static uint64_t root[512] __attribute__((aligned(4096)));

static int workload(void) {
    for (uint32_t i = 0; i < N; i++) order[i] = i;
    for (uint32_t i = N - 1; i > 0; i--) {
        uint32_t j = (uint32_t)(rng() % (i + 1));
        uint32_t t = order[i]; order[i] = order[j]; order[j] = t;
    }
    for (uint32_t i = 0; i < N; i++) {
        nodes[order[i]].next = &nodes[order[(i + 1) % N]];
        nodes[order[i]].value = i;
    }
    uint64_t sum = 0;
    struct node *p = &nodes[order[0]];
    for (int lap = 0; lap < 8 * SCALE; lap++)
        for (uint32_t k = 0; k < N; k++) {
            sum += p->value;
            p = p->next;
        }
    uint32_t crc = 0xffffffff;
    for (unsigned i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)rng();
    for (int pass = 0; pass < SCALE; pass++)
        for (unsigned i = 0; i < sizeof buf; i++) {
            crc ^= buf[i];
            for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xedb88320 & -(crc & 1));
        }
    uint64_t expect = (uint64_t)8 * SCALE * ((uint64_t)N * (N - 1) / 2);
    return report(PAGING ? "sv39" : "sv39-bare", sum ^ crc, sum == expect);
}

static void supervisor(void) { virt_exit(workload()); }

#define PTE_VRWXAD 0xcf /* V R W X A D */
#define PTE_VRWAD 0xc7

int main(void) {
    if (!PAGING) return workload();
    root[0] = (0x00000000UL >> 12) << 10 | PTE_VRWAD;  /* devices: 0..1 GiB */
    root[2] = (0x80000000UL >> 12) << 10 | PTE_VRWXAD; /* RAM */
    __asm__ volatile("csrw pmpaddr0, %0" ::"r"(-1L));
    __asm__ volatile("csrw pmpcfg0, %0" ::"r"(0x1fL));
    __asm__ volatile("csrw satp, %0" ::"r"((8UL << 60) | ((uintptr_t)root >> 12)));
    __asm__ volatile("sfence.vma");
    uint64_t mstatus;
    __asm__ volatile("csrr %0, mstatus" : "=r"(mstatus));
    mstatus = (mstatus & ~(3UL << 11)) | (1UL << 11); /* MPP = S */
    __asm__ volatile("csrw mstatus, %0" ::"r"(mstatus));
    __asm__ volatile("csrw mepc, %0" ::"r"(supervisor));
    __asm__ volatile("mret");
    return 1;
}
