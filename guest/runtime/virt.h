/* Minimal runtime for bare-metal programs on QEMU's `virt` machine:
   console output through the 16550 UART and exit through the test finisher. */
#ifndef HARTSIM_VIRT_H
#define HARTSIM_VIRT_H

#include <stdint.h>

void virt_putc(char c);
void virt_puts(const char *s);
void virt_put_dec(int64_t v);
void virt_put_hex(uint64_t v);
/* Power off: exit status `code` (0 = success) on QEMU and hartsim. */
void virt_exit(int code) __attribute__((noreturn));

#endif
