//! Embedding hartsim: build a machine, load a program, run it, and look at
//! what it left behind (registers, CSRs, memory, console output).
//!
//! `cargo run --example embed [PROGRAM.elf]` (default: the hello demo).

use hartsim::{Machine, RunOutcome};

pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    let default = concat!(env!("CARGO_MANIFEST_DIR"), "/guest/build/hello.elf");
    let path = std::env::args().nth(1).unwrap_or_else(|| default.to_string());
    let program = std::fs::read(&path)?;

    // 64 MiB of RAM, console output kept in memory instead of printed.
    let mut machine = Machine::builder().memory(64 << 20).capture_output(true).build()?;
    machine.load_elf(&program)?;
    println!("{path}: entry {:#x}, device tree at {:#x}", machine.pc(), machine.x(11)?);

    // A few instructions one at a time, then the rest at full speed.
    machine.step(5);
    println!("after 5 steps: pc {:#x}, sp {:#x}", machine.pc(), machine.x(2)?);
    let outcome = machine.run(Some(100_000_000));

    let output = machine.console_output().unwrap_or_default();
    println!("the guest printed {} bytes:", output.len());
    print!("{}", String::from_utf8_lossy(&output));
    println!("outcome: {outcome:?} after {} instructions", machine.retired());
    println!(
        "minstret = {}, mstatus = {:#x}",
        machine.csr_by_name("minstret")?,
        machine.csr(0x300)?
    );

    // Memory: the first instruction word of the program, read back.
    let mut word = [0u8; 4];
    machine.read_phys(0x8000_0000, &mut word)?;
    println!("first word at 0x80000000: {:#010x}", u32::from_le_bytes(word));

    if outcome != RunOutcome::Exited(0) {
        return Err(format!("the program did not exit cleanly: {outcome:?}").into());
    }
    Ok(())
}
