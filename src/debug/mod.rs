//! Front ends for looking inside a run, each an observer of the one run
//! loop or a user of the public `Machine` API: the commit-log trace, the
//! GDB remote stub and the interactive debugger, which share the
//! breakpoint observer (`checkpoints`).

pub mod checkpoints;
pub mod debugger;
pub mod gdb;
pub mod profile;
pub mod trace;
