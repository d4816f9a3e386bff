/* An interactive calculator that sleeps between keys: the UART raises an
   interrupt for each received byte (through the PLIC, source 10), the
   handler queues it, and the main loop waits with `wfi`. Type an integer
   expression (+ - * / % and parentheses) and Enter; `help` and `quit` are
   commands. On QEMU and hartsim alike, the host should use almost no CPU
   while the calculator waits for a key. */
#include "virt.h"

#define UART ((volatile uint8_t *)0x10000000UL)
#define UART_RBR 0
#define UART_IER 1
#define UART_LSR 5
#define LSR_DATA_READY 0x01
#define IER_RX 0x01
#define PLIC_PRIORITY(src) (*(volatile uint32_t *)(0x0c000000UL + 4 * (src)))
#define PLIC_ENABLE_M (*(volatile uint32_t *)0x0c002000UL)
#define PLIC_THRESHOLD_M (*(volatile uint32_t *)0x0c200000UL)
#define PLIC_CLAIM_M (*(volatile uint32_t *)0x0c200004UL)
#define UART_IRQ 10
#define MIE_MEIE (1u << 11)
#define MSTATUS_MIE (1u << 3)

/* Received bytes, filled by the interrupt handler. */
static volatile char queue[64];
static volatile unsigned head, tail;
static volatile unsigned interrupts;

__attribute__((interrupt("machine"))) static void on_interrupt(void) {
    uint32_t source = PLIC_CLAIM_M;
    if (source == UART_IRQ) {
        while (UART[UART_LSR] & LSR_DATA_READY) {
            char c = (char)UART[UART_RBR];
            if (head - tail < sizeof queue) queue[head++ % sizeof queue] = c;
        }
        interrupts++;
    }
    PLIC_CLAIM_M = source;
}

/* Sleep until a key is queued. Interrupts stay off between the check and the
   wfi, so a key arriving in between still ends the wfi. */
static char next_key(void) {
    for (;;) {
        __asm__ volatile("csrc mstatus, %0" ::"r"(MSTATUS_MIE));
        if (head != tail) {
            char c = queue[tail++ % sizeof queue];
            __asm__ volatile("csrs mstatus, %0" ::"r"(MSTATUS_MIE));
            return c;
        }
        __asm__ volatile("wfi");
        __asm__ volatile("csrs mstatus, %0" ::"r"(MSTATUS_MIE));
    }
}

/* A recursive-descent evaluator over the line buffer. */
static const char *cursor;
static const char *error;

static void skip_spaces(void) {
    while (*cursor == ' ') cursor++;
}

static int64_t expression(void);

static int64_t factor(void) {
    skip_spaces();
    if (*cursor == '-') {
        cursor++;
        return -factor();
    }
    if (*cursor == '(') {
        cursor++;
        int64_t v = expression();
        skip_spaces();
        if (*cursor != ')') error = "missing )";
        else cursor++;
        return v;
    }
    if (*cursor < '0' || *cursor > '9') {
        error = "expected a number";
        return 0;
    }
    int64_t v = 0;
    while (*cursor >= '0' && *cursor <= '9') v = v * 10 + (*cursor++ - '0');
    return v;
}

static int64_t term(void) {
    int64_t v = factor();
    for (;;) {
        skip_spaces();
        char op = *cursor;
        if (op != '*' && op != '/' && op != '%') return v;
        cursor++;
        int64_t rhs = factor();
        if ((op == '/' || op == '%') && rhs == 0) {
            error = "division by zero";
            return 0;
        }
        v = op == '*' ? v * rhs : op == '/' ? v / rhs : v % rhs;
    }
}

static int64_t expression(void) {
    int64_t v = term();
    for (;;) {
        skip_spaces();
        char op = *cursor;
        if (op != '+' && op != '-') return v;
        cursor++;
        int64_t rhs = term();
        v = op == '+' ? v + rhs : v - rhs;
    }
}

static int same(const char *a, const char *b) {
    while (*a && *a == *b) a++, b++;
    return *a == *b;
}

int main(void) {
    PLIC_PRIORITY(UART_IRQ) = 1;
    PLIC_THRESHOLD_M = 0;
    PLIC_ENABLE_M = 1u << UART_IRQ;
    UART[UART_IER] = IER_RX;
    __asm__ volatile("csrw mtvec, %0" ::"r"(on_interrupt));
    __asm__ volatile("csrs mie, %0" ::"r"(MIE_MEIE));

    virt_puts("hartsim calculator: type an expression and Enter (help, quit)\n> ");
    char line[80];
    unsigned len = 0;
    for (;;) {
        char c = next_key();
        if (c == '\r' || c == '\n') {
            virt_puts("\n");
            line[len] = 0;
            len = 0;
            if (same(line, "quit")) break;
            if (same(line, "help")) {
                virt_puts("integers with + - * / % ( ); quit to leave\n");
            } else if (line[0]) {
                cursor = line;
                error = 0;
                int64_t v = expression();
                skip_spaces();
                if (!error && *cursor) error = "unexpected character";
                if (error) {
                    virt_puts("error: ");
                    virt_puts(error);
                } else {
                    virt_puts("= ");
                    virt_put_dec(v);
                }
                virt_putc('\n');
            }
            virt_puts("> ");
        } else if (c == 0x7f || c == '\b') {
            if (len) {
                len--;
                virt_puts("\b \b");
            }
        } else if (len < sizeof line - 1 && c >= ' ') {
            line[len++] = c;
            virt_putc(c);
        }
    }
    /* How many interrupts delivered the input depends on host timing (QEMU
       batches bytes), so it is not printed: the output stays comparable. */
    virt_puts(interrupts ? "bye\n" : "bye (no interrupts?)\n");
    return 0;
}
