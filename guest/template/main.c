/* Your program. printf, malloc and the rest of picolibc work as usual;
   main's return value is the exit status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long fibonacci(int n)
{
    long a = 0, b = 1;
    for (int i = 0; i < n; i++) {
        long next = a + b;
        a = b;
        b = next;
    }
    return a;
}

int main(void)
{
    printf("Hello from picolibc on RISC-V!\n");
    int count = 10;
    long *values = malloc(count * sizeof *values);
    if (values == NULL) {
        printf("out of memory\n");
        return 1;
    }
    for (int i = 0; i < count; i++) {
        values[i] = fibonacci(i);
    }
    printf("the first %d Fibonacci numbers:", count);
    for (int i = 0; i < count; i++) {
        printf(" %ld", values[i]);
    }
    printf("\nsqrt-free pi estimate: %.5f\n", 4.0 * (1 - 1.0 / 3 + 1.0 / 5 - 1.0 / 7 + 1.0 / 9));
    free(values);
    return 0;
}
