//! The host terminal while a guest runs interactively: raw mode, so every key
//! (Ctrl-C included) goes to the guest, and the escape Ctrl-A x to quit, as
//! QEMU's `-nographic` does. The original settings come back on every way out:
//! normal exit (the guard's `Drop`), the escape, and a panic (see
//! `restore_terminal`, which the CLI's panic hook calls).

use std::sync::Mutex;

/// The settings to restore, while raw mode is on.
static SAVED: Mutex<Option<libc::termios>> = Mutex::new(None);

/// Is standard input a terminal (an interactive run)?
pub fn stdin_is_terminal() -> bool {
    // SAFETY: isatty only inspects the file descriptor.
    unsafe { libc::isatty(libc::STDIN_FILENO) == 1 }
}

/// Raw mode for standard input; dropping it restores the terminal.
pub struct RawTerminal(());

impl RawTerminal {
    /// Switch stdin to raw mode; `None` when stdin is not a terminal.
    pub fn enable() -> Option<RawTerminal> {
        // SAFETY: tcgetattr, cfmakeraw and tcsetattr only read or write the termios
        // struct we pass, which lives on this stack frame for the whole call.
        if !stdin_is_terminal() {
            return None;
        }
        unsafe {
            let mut original: libc::termios = std::mem::zeroed();
            if libc::tcgetattr(libc::STDIN_FILENO, &mut original) != 0 {
                return None;
            }
            let mut raw = original;
            libc::cfmakeraw(&mut raw);
            // Keep output post-processing so a guest's "\n" still starts a new line.
            raw.c_oflag |= libc::OPOST | libc::ONLCR;
            if libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &raw) != 0 {
                return None;
            }
            *SAVED.lock().unwrap_or_else(|e| e.into_inner()) = Some(original);
        }
        Some(RawTerminal(()))
    }
}

impl Drop for RawTerminal {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// Put the terminal back as it was before raw mode (no-op if it is not raw).
pub fn restore_terminal() {
    let saved = SAVED.lock().unwrap_or_else(|e| e.into_inner()).take();
    if let Some(original) = saved {
        // SAFETY: tcsetattr reads the termios value we pass by reference.
        unsafe {
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &original);
        }
    }
}

/// Ctrl-A: the first key of an escape sequence.
pub const ESCAPE: u8 = 0x01;

/// What the byte after Ctrl-A asks for.
pub enum EscapeAction {
    /// Pass this byte to the guest.
    Send(u8),
    /// Leave hartsim (Ctrl-A x).
    Quit,
    /// Show the escape keys (Ctrl-A h).
    Help,
    /// Any other key: nothing.
    Ignore,
}

/// What the key after Ctrl-A asks for.
pub fn escape_action(key: u8) -> EscapeAction {
    match key {
        b'x' | b'X' => EscapeAction::Quit,
        ESCAPE => EscapeAction::Send(ESCAPE),
        b'h' | b'H' | b'?' => EscapeAction::Help,
        _ => EscapeAction::Ignore,
    }
}

/// Leave at once after Ctrl-A x: restore the terminal, flush, exit.
pub fn quit_from_escape() -> ! {
    use std::io::Write;
    let _ = std::io::stdout().flush();
    restore_terminal();
    eprintln!("\nhartsim: quit (Ctrl-A x)");
    std::process::exit(130);
}
