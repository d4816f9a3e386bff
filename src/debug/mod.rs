//! Tools for looking inside a run: the commit-log trace and run statistics.
//! They take their own slow loop so the fast loop carries no checks for them.

pub mod trace;
