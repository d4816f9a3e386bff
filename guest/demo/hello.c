/* hartsim's demo: a few small computations printed through the UART, ending
   through the test finisher. Its output is the same on QEMU's `virt` machine. */
#include "virt.h"

static int is_prime(int n) {
    if (n < 2) return 0;
    for (int d = 2; d * d <= n; d++)
        if (n % d == 0) return 0;
    return 1;
}

static int collatz_steps(uint64_t n) {
    int steps = 0;
    while (n != 1) {
        n = (n & 1) ? 3 * n + 1 : n / 2;
        steps++;
    }
    return steps;
}

int main(void) {
    virt_puts("Hello from a RISC-V guest!\n\n");

    virt_puts("Primes below 60:");
    for (int n = 0; n < 60; n++)
        if (is_prime(n)) {
            virt_putc(' ');
            virt_put_dec(n);
        }
    virt_putc('\n');

    uint64_t a = 0, b = 1;
    for (int i = 0; i < 90; i++) {
        uint64_t t = a + b;
        a = b;
        b = t;
    }
    virt_puts("Fibonacci(90) = ");
    virt_put_dec((int64_t)a);
    virt_putc('\n');

    int best = 0, best_n = 1;
    for (int n = 1; n < 10000; n++) {
        int s = collatz_steps((uint64_t)n);
        if (s > best) {
            best = s;
            best_n = n;
        }
    }
    virt_puts("Longest Collatz chain below 10000 starts at ");
    virt_put_dec(best_n);
    virt_puts(" (");
    virt_put_dec(best);
    virt_puts(" steps)\n");

    int64_t x = -1234567890123LL;
    virt_puts("-1234567890123 / 1000 = ");
    virt_put_dec(x / 1000);
    virt_puts(", remainder ");
    virt_put_dec(x % 1000);
    virt_puts("\n\nGoodbye: exiting through the test finisher with status 0.\n");
    return 0;
}
