//! Arbitrary bytes as an ELF file: loading must return an image or an error,
//! never panic, and a loaded image must build a machine.
#![no_main]

use hartsim::{Machine, MachineConfig};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let config = MachineConfig { memory: 1 << 20, capture_output: true, ..Default::default() };
    if let Ok(mut m) = Machine::from_elf(data, config) {
        // A program that loads also runs, briefly, without panicking.
        let _ = m.run(Some(1_000));
    }
});
