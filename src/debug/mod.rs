//! Front ends for looking inside a run, each an observer of the one run
//! loop or a user of the public `Machine` API: the commit-log trace and the
//! GDB remote stub.

pub mod gdb;
pub mod trace;
