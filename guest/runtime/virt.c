/* The runtime's device drivers: a polling UART writer and the test finisher. */
#include "virt.h"

#define UART_BASE 0x10000000UL
#define UART_THR 0
#define UART_LSR 5
#define LSR_THR_EMPTY 0x20
#define FINISHER_BASE 0x100000UL
#define FINISHER_PASS 0x5555
#define FINISHER_FAIL 0x3333

static volatile uint8_t *const uart = (volatile uint8_t *)UART_BASE;

void virt_putc(char c) {
    while ((uart[UART_LSR] & LSR_THR_EMPTY) == 0) {
    }
    uart[UART_THR] = (uint8_t)c;
}

void virt_puts(const char *s) {
    while (*s) virt_putc(*s++);
}

void virt_put_dec(int64_t v) {
    char buf[24];
    int i = 0;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    do {
        buf[i++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) virt_putc('-');
    while (i) virt_putc(buf[--i]);
}

void virt_put_hex(uint64_t v) {
    virt_puts("0x");
    for (int shift = 60; shift >= 0; shift -= 4) virt_putc("0123456789abcdef"[(v >> shift) & 15]);
}

void virt_exit(int code) {
    volatile uint32_t *finisher = (volatile uint32_t *)FINISHER_BASE;
    *finisher = code == 0 ? FINISHER_PASS : ((uint32_t)code << 16) | FINISHER_FAIL;
    for (;;) {
    }
}

void virt_unexpected_trap(uint64_t cause, uint64_t epc, uint64_t tval) {
    virt_puts("unexpected trap: mcause=");
    virt_put_hex(cause);
    virt_puts(" mepc=");
    virt_put_hex(epc);
    virt_puts(" mtval=");
    virt_put_hex(tval);
    virt_putc('\n');
    virt_exit(99);
}

/* The compiler may call these for struct copies and array initialisers. */
void *memcpy(void *dst, const void *src, unsigned long n) {
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--) *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, unsigned long n) {
    unsigned char *d = dst;
    while (n--) *d++ = (unsigned char)c;
    return dst;
}
