/* A picolibc program that talks to the host only through semihosting
   (picolibc's --oslib=semihost and --crt0=semihost): its arguments, a file
   read and a file written in the directory hartsim serves, the console and
   stderr, the time, and exit(3). tests/semihost.rs runs it on hartsim and on
   QEMU (-semihosting) and compares. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    printf("argc %d:", argc);
    for (int i = 1; i < argc; i++) {
        printf(" [%s]", argv[i]);
    }
    printf("\n");

    FILE *in = fopen("input.txt", "r");
    if (in == NULL) {
        printf("input.txt: cannot open\n");
        return 2;
    }
    char line[100];
    while (fgets(line, sizeof line, in) != NULL) {
        printf("read: %s", line);
    }
    fclose(in);

    FILE *out = fopen("output.txt", "w");
    if (out == NULL || fprintf(out, "written by the guest, %d lines\n", argc) < 0) {
        printf("output.txt: cannot write\n");
        return 2;
    }
    fclose(out);

    FILE *outside = fopen("../hartsim-semihost-escape.txt", "r");
    printf("a file outside the directory: %s\n", outside == NULL ? "not opened" : "opened");

    fprintf(stderr, "to stderr\n");
    printf("the time is plausible: %s\n", time(NULL) > 1700000000 ? "yes" : "no");
    return 3;
}
