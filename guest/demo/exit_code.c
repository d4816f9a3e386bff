/* Prints a line and fails through the test finisher with exit code 7, to check
   that hartsim reports a guest's failure status exactly as QEMU does. */
#include "virt.h"

int main(void) {
    virt_puts("about to fail with code 7\n");
    return 7;
}
