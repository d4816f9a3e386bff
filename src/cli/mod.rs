//! Parts of the command line that are not the library's business: the
//! guest's console on the host (stdout, keys, signals), the host terminal in
//! raw mode, and the report printed when a run stops unexpectedly.

pub mod console;
pub mod options;
pub mod report;
pub mod session;
pub mod stats;
pub mod terminal;
