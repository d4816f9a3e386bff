//! A memory-mapped device of your own, added through the library API, and
//! a guest program that drives it.
//!
//! The device is an accumulator at 0x0400_0000 (QEMU `virt`'s platform-bus
//! window, free on this machine): a store to offset 0 adds to the sum, a
//! load from offset 0 reads it, and its interrupt line (PLIC source 5) is
//! high while the sum exceeds a threshold. The guest adds 40 three times,
//! reads the sum, reads the PLIC's pending bits, and powers off.
//!
//! `cargo run --example custom_device`

use hartsim::isa::asm::assemble;
use hartsim::{Device, DeviceCtx, DtNode, DtValue, Machine, RunOutcome, WriteOutcome};

const BASE: u64 = 0x0400_0000;
const IRQ: u32 = 5;
const THRESHOLD: u64 = 100;

/// The device's whole state.
#[derive(Default)]
struct Accumulator {
    sum: u64,
}

impl Device for Accumulator {
    fn read(&mut self, offset: u64, size: u64, _: &mut DeviceCtx) -> Option<u64> {
        // One 64-bit register; any other access faults in the guest.
        (offset == 0 && size == 8).then_some(self.sum)
    }

    fn write(&mut self, offset: u64, size: u64, value: u64, ctx: &mut DeviceCtx) -> WriteOutcome {
        if offset != 0 || size != 8 {
            return WriteOutcome::Fault;
        }
        self.sum = self.sum.wrapping_add(value);
        ctx.console_write(format!("[accumulator: sum is now {}]\n", self.sum).as_bytes());
        WriteOutcome::Done
    }

    fn interrupt_level(&mut self, _: &mut DeviceCtx) -> bool {
        self.sum > THRESHOLD
    }

    fn device_tree(&self) -> Vec<DtNode> {
        vec![DtNode::new("accumulator").with("compatible", DtValue::String("example,acc".into()))]
    }

    fn reset(&mut self) {
        self.sum = 0;
    }
}

/// The guest program, in the disassembler's own syntax.
const PROGRAM: &[&str] = &[
    "lui t0, 0x4000", // t0 = the device
    "addi t1, zero, 40",
    "sd t1, 0(t0)",
    "sd t1, 0(t0)",
    "sd t1, 0(t0)",
    "ld a0, 0(t0)",   // a0 = the sum
    "lui t2, 0xc001", // the PLIC's pending bits
    "lw a1, 0(t2)",
    "lui t3, 0x100", // the test finisher: 0x5555 = pass
    "lui t4, 0x5",
    "addi t4, t4, 1365",
    "sw t4, 0(t3)",
];

fn assemble_program() -> Result<Vec<u8>, String> {
    let mut code = Vec::new();
    for (i, line) in PROGRAM.iter().enumerate() {
        let pc = 0x8000_0000 + 4 * i as u64;
        let word = assemble(line, pc).ok_or_else(|| format!("cannot assemble `{line}`"))?;
        code.extend_from_slice(&word.to_le_bytes());
    }
    Ok(code)
}

pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut machine = Machine::builder()
        .memory(1 << 20)
        .capture_output(true)
        .device(BASE, 0x1000, Accumulator::default(), Some(IRQ))
        .build()?;
    machine.load_raw(0x8000_0000, &assemble_program()?)?;
    let outcome = machine.run(Some(1000));

    print!("{}", String::from_utf8_lossy(&machine.console_output().unwrap_or_default()));
    let (sum, pending) = (machine.x(10)?, machine.x(11)?);
    println!("outcome {outcome:?}; the guest read sum {sum}, PLIC pending bits {pending:#x}");
    let dtb = String::from_utf8_lossy(machine.dtb()).to_string();
    println!("device tree has accumulator@4000000: {}", dtb.contains("accumulator@4000000"));

    if outcome != RunOutcome::Exited(0) || sum != 120 || pending != 1 << IRQ {
        return Err("the guest did not see the device as expected".into());
    }
    Ok(())
}
