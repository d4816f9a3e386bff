/* A small stack-machine interpreter (switch dispatch) running a bytecode
   program that counts primes below a bound by trial division; checked
   against the same count computed natively. */
#include "bench.h"

enum { PUSH, LOAD, STORE, ADD, MUL, MOD, LT, JZ, JMP, HALT };
enum { N, D, COUNT, LIMIT, IS_PRIME };

static int32_t code[128];
static int len;

static void emit(int32_t op) { code[len++] = op; }
static void emit2(int32_t op, int32_t arg) { emit(op); emit(arg); }
/* A forward jump: returns the slot to patch with the target. */
static int jump(int32_t op) { emit2(op, -1); return len - 1; }

static void assemble(void) {
    emit2(PUSH, 2); emit2(STORE, N);
    emit2(PUSH, 0); emit2(STORE, COUNT);
    int outer = len;
    emit2(LOAD, N); emit2(LOAD, LIMIT); emit(LT);
    int to_end = jump(JZ);
    emit2(PUSH, 1); emit2(STORE, IS_PRIME);
    emit2(PUSH, 2); emit2(STORE, D);
    int inner = len;
    emit2(LOAD, D); emit2(LOAD, D); emit(MUL); emit2(LOAD, N); emit2(PUSH, 1); emit(ADD); emit(LT);
    int to_tally = jump(JZ);
    emit2(LOAD, N); emit2(LOAD, D); emit(MOD);
    int to_divisible = jump(JZ);
    emit2(LOAD, D); emit2(PUSH, 1); emit(ADD); emit2(STORE, D); emit2(JMP, inner);
    code[to_divisible] = len;
    emit2(PUSH, 0); emit2(STORE, IS_PRIME);
    code[to_tally] = len;
    emit2(LOAD, COUNT); emit2(LOAD, IS_PRIME); emit(ADD); emit2(STORE, COUNT);
    emit2(LOAD, N); emit2(PUSH, 1); emit(ADD); emit2(STORE, N); emit2(JMP, outer);
    code[to_end] = len;
    emit(HALT);
}

static int64_t run(int64_t limit) {
    int64_t stack[16], locals[8] = {0};
    int sp = 0, pc = 0;
    locals[LIMIT] = limit;
    for (;;) {
        switch (code[pc]) {
        case PUSH: stack[sp++] = code[pc + 1]; pc += 2; break;
        case LOAD: stack[sp++] = locals[code[pc + 1]]; pc += 2; break;
        case STORE: locals[code[pc + 1]] = stack[--sp]; pc += 2; break;
        case ADD: sp--; stack[sp - 1] += stack[sp]; pc++; break;
        case MUL: sp--; stack[sp - 1] *= stack[sp]; pc++; break;
        case MOD: sp--; stack[sp - 1] %= stack[sp]; pc++; break;
        case LT: sp--; stack[sp - 1] = stack[sp - 1] < stack[sp]; pc++; break;
        case JZ: pc = stack[--sp] ? pc + 2 : code[pc + 1]; break;
        case JMP: pc = code[pc + 1]; break;
        default: return locals[COUNT];
        }
    }
}

int main(void) {
    assemble();
    int64_t limit = 4000;
    int64_t got = 0, count = 0;
    for (int pass = 0; pass < SCALE; pass++) got = run(limit);
    for (int64_t n = 2; n < limit; n++) {
        int prime = 1;
        for (int64_t d = 2; d * d < n + 1; d++)
            if (n % d == 0) { prime = 0; break; }
        count += prime;
    }
    virt_puts("primes below the bound: ");
    virt_put_dec(got);
    virt_putc('\n');
    return report("bytecode", (uint64_t)got, got == count);
}
