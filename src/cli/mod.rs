//! Parts of the command line that are not the library's business: the host
//! terminal (raw mode, Ctrl-A escapes) as the guest's console.

pub mod terminal;
