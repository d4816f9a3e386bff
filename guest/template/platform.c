/* The program's view of the `virt` machine: stdin, stdout and stderr on the
   16550 UART, and exit() through the SiFive test finisher (exit status 0 =
   pass; anything else becomes the emulator's exit status). This is all
   picolibc needs from a bare-metal platform. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define UART ((volatile uint8_t *)0x10000000)
#define UART_RBR 0 /* receive buffer */
#define UART_THR 0 /* transmit holding */
#define UART_LSR 5 /* line status */
#define LSR_DATA_READY 0x01
#define LSR_THR_EMPTY 0x20
#define FINISHER ((volatile uint32_t *)0x100000)

static int uart_putc(char c, FILE *file)
{
    (void)file;
    while (!(UART[UART_LSR] & LSR_THR_EMPTY)) {
    }
    UART[UART_THR] = (uint8_t)c;
    return (unsigned char)c;
}

static int uart_getc(FILE *file)
{
    (void)file;
    while (!(UART[UART_LSR] & LSR_DATA_READY)) {
    }
    return UART[UART_RBR];
}

static FILE uart = FDEV_SETUP_STREAM(uart_putc, uart_getc, NULL, _FDEV_SETUP_RW);
FILE *const stdin = &uart;
FILE *const stdout = &uart;
FILE *const stderr = &uart;

void _exit(int status)
{
    *FINISHER = status == 0 ? 0x5555 : ((uint32_t)status << 16) | 0x3333;
    for (;;) {
    }
}
