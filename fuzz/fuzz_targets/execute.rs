//! Arbitrary bytes as code at the start of RAM, run for a bounded number of
//! instructions: whatever the guest does (wild stores, traps, MMU setup,
//! device accesses), the host must not panic or hang.
#![no_main]

use hartsim::{ConsoleInput, Machine, MachineConfig};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let config = MachineConfig {
        memory: 1 << 20,
        capture_output: true,
        console_input: ConsoleInput::None,
        ..Default::default()
    };
    let mut m = Machine::from_flat_binary(data, config).expect("a small image fits in RAM");
    let _ = m.run(Some(10_000));
});
