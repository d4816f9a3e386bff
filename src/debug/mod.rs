//! Front ends for looking inside a run, each an observer of the one run
//! loop or a user of the public `Machine` API: the commit-log trace, the
//! GDB remote stub and the interactive debugger, which share the
//! breakpoint observer (`checkpoints`).

pub mod checkpoints;
pub mod debugger;
pub mod gdb;
pub mod profile;
pub mod trace;

/// A number as debugger users write them: decimal, or hex after `0x`.
pub fn parse_number(text: &str) -> Option<u64> {
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}
