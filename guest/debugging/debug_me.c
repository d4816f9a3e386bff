/* A small program to practise debugging on: built with -g -Og, so GDB shows
   source lines and variables. tests/gdb.rs drives gdb-multiarch through it
   (breakpoints, stepping, finish, watchpoints on `counter`, registers). */
#include "virt.h"

volatile long counter;
long squares[8];

static long square(long x) { return x * x; }

long sum_of_squares(int n)
{
    long total = 0;
    for (int i = 0; i < n; i++) {
        squares[i] = square(i);
        total += squares[i];
        counter++;
    }
    return total;
}

/* Spins until a debugger changes `counter` to 0 (tests Ctrl-C and writes). */
void spin_while_counter_set(void)
{
    while (counter != 0) {
    }
}

int main(void)
{
    long total = sum_of_squares(8);
    virt_puts("sum of squares: ");
    virt_put_dec(total);
    virt_putc('\n');
    spin_while_counter_set();
    return (int)(total % 100);
}
