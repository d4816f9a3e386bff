/* A first bare-metal program gone wrong: it brings its own start-up code,
   which installs no trap handler (mtvec stays 0), and main reads through a
   null pointer. hartsim's report names the fault, the function and the
   address (tests/cli.rs checks it). */

volatile int *volatile pointer; /* zero, in .bss */

int main(void) { return *pointer; }

__attribute__((naked, section(".text.init"))) void _start(void)
{
    __asm__ volatile(".option push\n.option norelax\n"
                     "la gp, __global_pointer$\n"
                     ".option pop\n"
                     "la sp, __stack_top\n"
                     "call main\n"
                     "1: j 1b");
}
