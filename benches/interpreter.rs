//! Criterion benchmarks: decode throughput, the engine on a synthetic loop,
//! and whole-program runs of the benchmark guests (their test-size builds).
//! `cargo bench`; compare with QEMU using tools/bench_vs_qemu.py.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hartsim::isa::Insn;
use hartsim::isa::{Op, decode, encode};
use hartsim::{ConsoleInput, Machine, MachineConfig};
use std::hint::black_box;

fn config() -> MachineConfig {
    MachineConfig { capture_output: true, console_input: ConsoleInput::None, ..Default::default() }
}

fn decode_throughput(c: &mut Criterion) {
    let words: Vec<u32> = (0..4096u32).map(|i| i.wrapping_mul(2_654_435_761) | 3).collect();
    let mut g = c.benchmark_group("decode");
    g.throughput(Throughput::Elements(words.len() as u64));
    g.bench_function("4096 words", |b| {
        b.iter(|| words.iter().map(|&w| decode(black_box(w)).rd as u64).sum::<u64>())
    });
    g.finish();
}

/// addi/add/bne loop: 3 instructions per iteration, 1,000,000 iterations.
fn synthetic_loop(c: &mut Criterion) {
    let code: Vec<u8> = [
        Insn::new(Op::Lui, 5, 0, 0, 0xf4000), // t0 = 1_000_000 (0xf4240)
        Insn::new(Op::Addiw, 5, 5, 0, 0x240),
        Insn::new(Op::Addi, 6, 6, 0, 3),
        Insn::new(Op::Add, 7, 7, 6, 0),
        Insn::new(Op::Addi, 5, 5, 0, -1),
        Insn::new(Op::Bne, 0, 5, 0, -12),
        Insn::new(Op::Lui, 5, 0, 0, 0x100000),
        Insn::new(Op::Lui, 6, 0, 0, 0x5000),
        Insn::new(Op::Addiw, 6, 6, 0, 0x555),
        Insn::new(Op::Sw, 0, 5, 6, 0),
    ]
    .iter()
    .flat_map(|i| encode(i).unwrap().to_le_bytes())
    .collect();
    let mut g = c.benchmark_group("engine");
    g.throughput(Throughput::Elements(3_000_000));
    g.sample_size(20);
    g.bench_function("alu loop, 3M instructions", |b| {
        b.iter(|| {
            let mut m = Machine::from_flat_binary(&code, config()).unwrap();
            black_box(m.run(None))
        })
    });
    g.finish();
}

fn whole_programs(c: &mut Criterion) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/guest/build/bench");
    let mut g = c.benchmark_group("programs");
    g.sample_size(10);
    for name in
        ["crc32", "sha256", "sort", "bytecode", "list", "matmul", "nbody", "sv39", "sv39-bare"]
    {
        let bytes = std::fs::read(format!("{dir}/{name}-small.elf")).unwrap();
        let mut probe = Machine::from_elf(&bytes, config()).unwrap();
        probe.run(None);
        g.throughput(Throughput::Elements(probe.retired()));
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut m = Machine::from_elf(&bytes, config()).unwrap();
                black_box(m.run(None))
            })
        });
    }
    g.finish();
}

criterion_group!(benches, decode_throughput, synthetic_loop, whole_programs);
criterion_main!(benches);
